/* eslint-disable @typescript-eslint/require-await -- handlers are async by contract; this fake has nothing to wait for */
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { ContractEvents, ContractHandlers, EventName, ParsedArgs } from '../../../src/shared/contract';
import type { Engine } from '../../../src/main/engine/engine-api';
import type { AccountView, EngineStatus, ItemView, RunView, ServiceInfo, TriggerView } from '../../../src/shared/models';
import { ContractFailure } from '../../../src/shared/result';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings';
import { serviceDefinitions } from '../../../src/workers/services/definitions';

// An in-memory stand-in for the engine, for tests of the `serve` transport (which must not depend
// on SQLite or the worker pool) and for looking at the window without a database. It keeps the
// contract's shapes and its write-only rule for secrets; it fetches nothing.

type FakeEngine = Pick<Engine, 'handlers' | 'on'> & {
  emit<E extends EventName>(event: E, payload: ContractEvents[E]): void;
  /** How many listeners an event has (checks that transports unsubscribe). */
  listenerCount(event: EventName): number;
  /** What handlers were called with, newest last. */
  calls: Array<{ channel: string; args: unknown }>;
};

export function createFakeEngine(): FakeEngine {
  const events = new EventEmitter();
  const calls: FakeEngine['calls'] = [];
  const triggers = new Map<number, TriggerView>();
  const secrets = new Map<string, string>();
  const runs: RunView[] = [];
  const items: ItemView[] = [];
  const accounts = new Map<number, AccountView>();
  let settings: Settings = { ...DEFAULT_SETTINGS };
  let paused = false;
  let nextId = 1;

  const services: ServiceInfo[] = serviceDefinitions.map((definition) => ({
    id: definition.id,
    label: definition.label,
    description: definition.description,
    capabilities: [...(definition.providerSchema ? ['provider' as const] : []), ...(definition.consumerSchema ? ['consumer' as const] : [])],
    needsAccount: definition.accountSchema !== null,
    accountSchema: definition.accountSchema ? z.toJSONSchema(definition.accountSchema, { io: 'input' }) : null,
    providerSchema: definition.providerSchema ? z.toJSONSchema(definition.providerSchema, { io: 'input' }) : null,
    consumerSchema: definition.consumerSchema ? z.toJSONSchema(definition.consumerSchema, { io: 'input' }) : null,
    // As the engine does: secret parameters are listed with the account's secret fields.
    secretFields: [...definition.secretFields, ...definition.secretParams],
    maxLength: definition.maxLength,
  }));

  const status = (): EngineStatus => ({
    phase: paused ? 'paused' : 'idle',
    paused,
    fetching: false,
    publishing: false,
    lastRun: runs.at(-1) ?? null,
    nextDueAt: null,
    triggers: { total: triggers.size, enabled: [...triggers.values()].filter((t) => t.enabled).length, failing: 0 },
    items: { pending: items.filter((i) => i.state === 'pending').length, failed: items.filter((i) => i.state === 'failed').length },
    recentItems: [],
    notice: null,
  });

  const toView = (id: number, input: ParsedArgs<'triggers.create'>, previous?: TriggerView): TriggerView => {
    const consumerParams = { ...input.consumer.params };
    // Secrets are kept apart and never returned, as the real engine does.
    if (typeof consumerParams.secret === 'string' && consumerParams.secret !== '') secrets.set(`trigger:${id}`, consumerParams.secret);
    delete consumerParams.secret;
    return {
      id,
      name: input.name,
      enabled: input.enabled,
      provider: { service: input.provider.service, accountId: input.provider.accountId, params: input.provider.params, secretsSet: [] },
      consumer: { service: input.consumer.service, accountId: input.consumer.accountId, params: consumerParams, secretsSet: secrets.has(`trigger:${id}`) ? ['secret'] : [] },
      intervalSeconds: input.intervalSeconds ?? null,
      include: input.include,
      exclude: input.exclude,
      template: input.template,
      maxPerRun: input.maxPerRun,
      notify: input.notify,
      firstRunLatest: input.firstRunLatest,
      createdAt: previous?.createdAt ?? Date.now(),
      updatedAt: Date.now(),
      baselineAt: previous?.baselineAt ?? null,
      nextFetchAt: null,
      consecutiveFailures: 0,
      pausedReason: null,
      lastRun: previous?.lastRun ?? null,
      counts: previous?.counts ?? { pending: 0, sent: 0, failed: 0, total: 0 },
    };
  };

  const mustGet = (id: number): TriggerView => {
    const trigger = triggers.get(id);
    if (!trigger) throw new ContractFailure('not-found', `No trigger ${id}`);
    return trigger;
  };

  const handlers: ContractHandlers = {
    'services.list': async () => services,
    'triggers.list': async () => [...triggers.values()],
    'triggers.get': async ({ id }) => mustGet(id),
    'triggers.create': async (input) => {
      const id = nextId++;
      const view = toView(id, input);
      triggers.set(id, view);
      events.emit('triggers:changed', { ids: [id] });
      return view;
    },
    'triggers.update': async ({ id, input }) => {
      const view = toView(id, input, mustGet(id));
      triggers.set(id, view);
      return view;
    },
    'triggers.setEnabled': async ({ id, enabled }) => {
      const view = { ...mustGet(id), enabled };
      triggers.set(id, view);
      return view;
    },
    'triggers.remove': async ({ id }) => {
      mustGet(id);
      triggers.delete(id);
      return { removed: true };
    },
    'triggers.run': async ({ id }) => {
      const trigger = mustGet(id);
      const run: RunView = {
        id: runs.length + 1,
        at: Date.now(),
        triggerId: id,
        triggerName: trigger.name,
        kind: 'fetch',
        provider: trigger.provider.service,
        consumer: trigger.consumer.service,
        outcome: 'unchanged',
        newCount: 0,
        publishedCount: 0,
        failedCount: 0,
        message: null,
        durationMs: 3,
      };
      runs.push(run);
      triggers.set(id, { ...trigger, lastRun: run });
      events.emit('run:added', run);
      return [run];
    },
    'triggers.test': async () => ({ items: [], rendered: [], error: 'The fake engine fetches nothing.' }),
    'accounts.list': async () => [...accounts.values()],
    'accounts.create': async () => {
      throw new ContractFailure('invalid-argument', 'No service needs an account.');
    },
    'accounts.update': async ({ id }) => {
      throw new ContractFailure('not-found', `No account ${id}`);
    },
    'accounts.remove': async ({ id }) => {
      throw new ContractFailure('not-found', `No account ${id}`);
    },
    'accounts.test': async ({ id }) => {
      throw new ContractFailure('not-found', `No account ${id}`);
    },
    'items.list': async (query) =>
      items.filter((item) => (query.state ? item.state === query.state : true) && (query.beforeId ? item.id < query.beforeId : true)).slice(0, query.limit),
    'items.resend': async ({ id }) => {
      throw new ContractFailure('not-found', `No item ${id}`);
    },
    'items.skip': async ({ id }) => {
      throw new ContractFailure('not-found', `No item ${id}`);
    },
    'runs.list': async (query) =>
      runs
        .filter((run) => (query.beforeId ? run.id < query.beforeId : true) && (query.afterId !== undefined ? run.id > query.afterId : true))
        .reverse()
        .slice(0, query.limit),
    'engine.status': async () => status(),
    'engine.pause': async () => {
      paused = true;
      return status();
    },
    'engine.resume': async () => {
      paused = false;
      return status();
    },
    'engine.runNow': async () => status(),
    'settings.get': async () => settings,
    'settings.update': async (patch) => {
      settings = { ...settings, ...patch };
      return settings;
    },
    'opml.import': async () => ({ created: 0, skipped: [], triggers: [] }),
    'opml.export': async () => ({ text: '<?xml version="1.0"?><opml version="2.0"><head/><body/></opml>', count: 0 }),
    'data.backup': async () => ({ file: '/tmp/fake-backup.sqlite', bytes: 0 }),
    'data.info': async () => ({ dataDir: '/tmp/fake', databaseFile: '/tmp/fake/trigger-happy.sqlite', databaseBytes: 0, desktop: false }),
  };

  const recorded = Object.fromEntries(
    Object.entries(handlers).map(([channel, handler]) => [
      channel,
      (args: unknown) => {
        calls.push({ channel, args });
        return (handler as (a: unknown) => Promise<unknown>)(args);
      },
    ]),
  ) as unknown as ContractHandlers;

  return {
    handlers: recorded,
    calls,
    on(event, listener) {
      events.on(event, listener);
      return () => events.off(event, listener);
    },
    listenerCount: (event) => events.listenerCount(event),
    emit(event, payload) {
      events.emit(event, payload);
    },
  };
}
