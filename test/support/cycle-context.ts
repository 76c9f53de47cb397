import type { EngineContext } from '../../src/main/engine/engine-context';
import { HostGate } from '../../src/main/engine/host-gate';
import type { WorkerPool } from '../../src/main/engine/pool';
import { systemClock } from '../../src/main/engine/ports';
import type { Store } from '../../src/main/engine/store/store';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings';
import { findServiceDefinition } from '../../src/workers/services/definitions';
import type { ServiceDefinition } from '../../src/workers/services/service';
import { MemorySecrets } from './memory-ports';

/**
 * What a fetch or publish cycle needs, around a real store and a stand-in pool: the default
 * settings (with `settings` over them), the real host gate and service definitions unless replaced.
 */
export function cycleContext(
  store: Store,
  pool: Pick<WorkerPool, 'run' | 'startThreads'>,
  options: { settings?: Partial<Settings>; findService?: (id: string) => ServiceDefinition | undefined } = {},
): EngineContext {
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  return {
    store,
    pool: pool as WorkerPool,
    gate: new HostGate(settings.perHostCap, settings.maxInFlight),
    clock: systemClock,
    random: () => 0.5,
    secrets: new MemorySecrets(),
    settings: () => settings,
    findService: options.findService ?? findServiceDefinition,
    emit: () => undefined,
  };
}
