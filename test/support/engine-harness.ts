import { afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine, type EngineCore } from '../../src/main/engine/engine';
import type { Clock, EngineNotification, EnginePorts } from '../../src/main/engine/ports';
import { systemClock } from '../../src/main/engine/ports';
import type { Settings } from '../../src/shared/settings';
import { MemorySecrets, MemorySettings } from './memory-ports';
import type { Channel, ChannelArgs, ChannelResult } from '../../src/shared/contract';
import { dispatch } from '../../src/shared/dispatch';

// A real engine for tests: a real SQLite file in a temp folder, real piscina threads running the
// built worker (run `npm run build` first), in-memory settings and secrets, a recording notifier.

export const WORKER_FILE = path.resolve(import.meta.dirname, '../../out/main/worker.js');

export interface Harness {
  engine: EngineCore;
  dataDir: string;
  settings: MemorySettings;
  secrets: MemorySecrets;
  notifications: EngineNotification[];
  /** Calls a channel through the same validation as the transports; throws on an error result. */
  call<C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<ChannelResult<C>>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'th-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startHarness(
  options: { settings?: Partial<Settings>; clock?: Clock; dataDir?: string; random?: () => number; isOnline?: () => boolean } = {},
): Promise<Harness> {
  if (!fs.existsSync(WORKER_FILE)) throw new Error(`${WORKER_FILE} is missing: run npm run build first`);
  const dataDir = options.dataDir ?? tempDir();
  const settings = new MemorySettings({ poolSize: 2, ...options.settings });
  const secrets = new MemorySecrets();
  const notifications: EngineNotification[] = [];
  const ports: EnginePorts = {
    paths: {
      dataDir,
      databaseFile: path.join(dataDir, 'trigger-happy.sqlite3'),
      workerFile: WORKER_FILE,
      backupsDir: path.join(dataDir, 'backups'),
    },
    settings,
    secrets,
    notifier: { notify: (notification) => notifications.push(notification) },
    clock: options.clock ?? systemClock,
    desktop: false,
    random: options.random,
    isOnline: options.isOnline,
  };
  const engine = await createEngine(ports);
  return {
    engine,
    dataDir,
    settings,
    secrets,
    notifications,
    async call(channel, args) {
      const result = await dispatch(engine.handlers, channel, args);
      if (!result.ok) throw Object.assign(new Error(result.error.message), { contractError: result.error });
      return result.value as never;
    },
    close: () => engine.stop(),
  };
}

/**
 * For a test file that starts engines and servers: `closeAfter(close)` registers something to
 * close once the current test ends (newest first), and `harness(options)` starts an engine closed
 * the same way. Call once, at the top of the file.
 */
export function engineTestScope(): {
  closeAfter: (close: () => Promise<void>) => void;
  harness: (options?: Parameters<typeof startHarness>[0]) => Promise<Harness>;
} {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });
  const closeAfter = (close: () => Promise<void>): void => {
    cleanups.push(close);
  };
  return {
    closeAfter,
    harness: async (options = {}) => {
      const h = await startHarness(options);
      closeAfter(() => h.close());
      return h;
    },
  };
}
