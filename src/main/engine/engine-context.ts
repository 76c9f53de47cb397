import type { ContractEvents, EventName } from '../../shared/contract';
import type { Settings } from '../../shared/settings';
import type { ServiceDefinition } from '../../workers/services/service';
import type { HttpPolicy } from '../../workers/tasks';
import type { HostGate } from './host-gate';
import type { WorkerPool } from './pool';
import type { Clock, SecretsPort } from './ports';
import { accountSecretRef, readSecrets, triggerSecretRef } from './secret-refs';
import type { Store } from './store/store';
import type { TriggerRecord } from './store/trigger-store';
import { USER_AGENT } from './user-agent';

// What the cycles share: the store, the pool behind the host gate, settings, clock and events.

export interface EngineContext {
  store: Store;
  pool: WorkerPool;
  gate: HostGate;
  clock: Clock;
  random: () => number;
  secrets: SecretsPort;
  settings: () => Settings;
  findService: (id: string) => ServiceDefinition | undefined;
  emit: <E extends EventName>(event: E, payload: ContractEvents[E]) => void;
}

export function httpPolicy(settings: Settings): HttpPolicy {
  return {
    userAgent: USER_AGENT,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
    maxBodyBytes: settings.maxBodyBytes,
    maxRedirects: 5,
  };
}

/** Hard deadline for a pool task: its own deadline plus a margin for parsing and the hand-back. */
export function taskDeadline(settings: Settings): number {
  return settings.requestTimeoutSeconds * 1000 + 15_000;
}

/** A side's parameters with its secret parameters merged back in, for the worker. */
export function runtimeParams(context: EngineContext, trigger: TriggerRecord, side: 'provider' | 'consumer'): Record<string, unknown> {
  const service = context.findService(side === 'provider' ? trigger.providerService : trigger.consumerService);
  const params = side === 'provider' ? trigger.providerParams : trigger.consumerParams;
  const secrets = readSecrets(context.secrets, service?.secretParams ?? [], (field) => triggerSecretRef(trigger.id, side, field));
  return { ...params, ...secrets };
}

/** The account's settings with its secrets, or null. */
export function runtimeAccount(context: EngineContext, accountId: number | null): Record<string, unknown> | null {
  if (accountId === null) return null;
  const account = context.store.accounts.get(accountId);
  if (!account) return null;
  const service = context.findService(account.service);
  return { ...account.settings, ...readSecrets(context.secrets, service?.secretFields ?? [], (field) => accountSecretRef(accountId, field)) };
}

export function intervalMs(trigger: TriggerRecord, settings: Settings): number {
  return (trigger.intervalSeconds ?? settings.fetchIntervalSeconds) * 1000;
}
