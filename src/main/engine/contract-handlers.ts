import fs from 'node:fs';
import { z } from 'zod';
import { triggerInputSchema, type ContractHandlers, type ParsedArgs } from '../../shared/contract';
import type { AccountView, RunView, ServiceInfo, TestResult, TriggerView } from '../../shared/models';
import { ContractFailure } from '../../shared/result';
import { serviceDefinitions } from '../../workers/services/definitions';
import type { ServiceDefinition } from '../../workers/services/service';
import type { FetchResult } from '../../workers/tasks';
import type { EngineCore } from './engine';
import { httpPolicy, runtimeAccount, taskDeadline, type EngineContext } from './engine-context';
import { compileFilter } from './filters';
import { buildOpml, distinctFeeds } from './opml/opml-export';
import { triggerInputsFromOutlines } from './opml/opml-import';
import type { EnginePorts } from './ports';
import { accountSecretRef, triggerSecretRef } from './secret-refs';
import type { AccountRecord } from './store/account-store';
import type { TriggerRecord } from './store/trigger-store';
import { renderTemplate } from './template';
import { resolveTriggerInput, splitSecrets, type ResolvedTrigger } from './trigger-config';

// Every contract channel, implemented over the engine. Arguments arrive validated by the
// transport (`dispatch`); failures are thrown as ContractFailure and cross as data.

interface HandlerDeps {
  engine: EngineCore;
  context: EngineContext;
  ports: EnginePorts;
}

const TEST_ITEMS_SHOWN = 10;

function jsonSchema(schema: z.ZodType | null): Record<string, unknown> | null {
  return schema ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })) : null;
}

function serviceInfo(definition: ServiceDefinition): ServiceInfo {
  const capabilities: ServiceInfo['capabilities'] = [];
  if (definition.providerSchema) capabilities.push('provider');
  if (definition.consumerSchema) capabilities.push('consumer');
  return {
    id: definition.id,
    label: definition.label,
    description: definition.description,
    capabilities,
    needsAccount: definition.accountSchema !== null,
    accountSchema: jsonSchema(definition.accountSchema),
    providerSchema: jsonSchema(definition.providerSchema),
    consumerSchema: jsonSchema(definition.consumerSchema),
    secretFields: [...definition.secretFields, ...definition.secretParams],
    maxLength: definition.maxLength,
  };
}

export function createHandlers({ engine, context, ports }: HandlerDeps): ContractHandlers {
  const { store, clock, secrets } = context;
  const services = serviceDefinitions.map(serviceInfo);

  function secretsSet(triggerId: number, side: 'provider' | 'consumer', service: string): string[] {
    const definition = context.findService(service);
    return (definition?.secretParams ?? []).filter((field) => secrets.get(triggerSecretRef(triggerId, side, field)) !== null);
  }

  function triggerViews(records: readonly TriggerRecord[]): TriggerView[] {
    const counts = store.triggers.countsByState();
    const lastRuns = store.runs.latestPerTrigger();
    return records.map((record) => ({
      id: record.id,
      name: record.name,
      enabled: record.enabled,
      provider: {
        service: record.providerService,
        accountId: record.providerAccountId,
        params: record.providerParams,
        secretsSet: secretsSet(record.id, 'provider', record.providerService),
      },
      consumer: {
        service: record.consumerService,
        accountId: record.consumerAccountId,
        params: record.consumerParams,
        secretsSet: secretsSet(record.id, 'consumer', record.consumerService),
      },
      intervalSeconds: record.intervalSeconds,
      include: record.include,
      exclude: record.exclude,
      template: record.template,
      maxPerRun: record.maxPerRun,
      notify: record.notify,
      firstRunLatest: record.firstRunLatest,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      baselineAt: record.baselineAt,
      nextFetchAt: record.nextFetchAt,
      consecutiveFailures: record.consecutiveFailures,
      pausedReason: record.pausedReason,
      lastRun: lastRuns.get(record.id) ?? null,
      counts: counts.get(record.id) ?? { pending: 0, sent: 0, failed: 0, total: 0 },
    }));
  }

  function triggerView(id: number): TriggerView {
    const record = store.triggers.get(id);
    if (!record) throw new ContractFailure('not-found', `No trigger with id ${id}`);
    const [view] = triggerViews([record]);
    if (!view) throw new ContractFailure('not-found', `No trigger with id ${id}`);
    return view;
  }

  function saveSecrets(triggerId: number, resolved: ResolvedTrigger): void {
    for (const side of ['provider', 'consumer'] as const) {
      for (const [field, value] of Object.entries(resolved.secrets[side])) secrets.set(triggerSecretRef(triggerId, side, field), value);
    }
  }

  function dropSecrets(triggerId: number, record: Pick<TriggerRecord, 'providerService' | 'consumerService'>): void {
    for (const [side, service] of [['provider', record.providerService], ['consumer', record.consumerService]] as const) {
      for (const field of context.findService(service)?.secretParams ?? []) secrets.delete(triggerSecretRef(triggerId, side, field));
    }
  }

  function createTrigger(input: ParsedArgs<'triggers.create'>): number {
    const resolved = resolveTriggerInput(input, context.findService, store.accounts);
    const id = store.triggers.insert(resolved.fields, clock.now());
    saveSecrets(id, resolved);
    return id;
  }

  function changed(ids: number[]): void {
    engine.emit('triggers:changed', { ids });
    engine.reschedule();
    engine.emitStatus();
  }

  function accountView(record: AccountRecord): AccountView {
    const definition = context.findService(record.service);
    return {
      id: record.id,
      service: record.service,
      name: record.name,
      settings: record.settings,
      secretsSet: (definition?.secretFields ?? []).filter((field) => secrets.get(accountSecretRef(record.id, field)) !== null),
      createdAt: record.createdAt,
    };
  }

  function validateAccount(input: ParsedArgs<'accounts.create'>, existingId: number | null) {
    const definition = context.findService(input.service);
    if (!definition) throw new ContractFailure('invalid-argument', `Unknown service "${input.service}"`, [{ path: 'service', message: 'Unknown service' }]);
    if (!definition.accountSchema) throw new ContractFailure('invalid-argument', `${definition.label} takes no account`, [{ path: 'service', message: 'This service takes no account' }]);
    // On edit, a secret left blank keeps the stored one: validate with it filled in.
    const candidate: Record<string, unknown> = { ...input.settings };
    if (existingId !== null) {
      for (const field of definition.secretFields) {
        if (candidate[field] === undefined || candidate[field] === '') {
          const stored = secrets.get(accountSecretRef(existingId, field));
          if (stored !== null) candidate[field] = stored;
        }
      }
    }
    const parsed = definition.accountSchema.safeParse(candidate);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: ['settings', ...issue.path.map(String)].join('.'), message: issue.message }));
      throw new ContractFailure('invalid-argument', `${issues[0]?.path ?? 'settings'}: ${issues[0]?.message ?? 'invalid'}`, issues);
    }
    return { definition, ...splitSecrets(parsed.data, definition.secretFields) };
  }

  async function testTrigger(input: ParsedArgs<'triggers.test'>): Promise<TestResult> {
    const resolved = resolveTriggerInput(input, context.findService, store.accounts);
    const settings = context.settings();
    const params = { ...resolved.fields.providerParams, ...resolved.secrets.provider };
    const account = runtimeAccount(context, resolved.fields.providerAccountId);
    const host = resolved.provider.hostOf(params, account);
    const notBefore = host ? store.hostLimits.notBefore(host) : 0;
    if (notBefore > clock.now()) {
      return { items: [], rendered: [], error: `${host} asked us not to call before ${new Date(notBefore).toISOString()}` };
    }
    const result: FetchResult = await context.gate.run(host, () =>
      context.pool.run({ kind: 'fetch', service: resolved.provider.id, params, account, state: {}, http: httpPolicy(settings) }, taskDeadline(settings), host),
    );
    if (!result.ok) {
      if (result.error.retryAfterMs !== undefined && host) store.hostLimits.delay(host, clock.now() + result.error.retryAfterMs, result.error.message);
      return { items: [], rendered: [], error: result.error.message };
    }
    const items = result.items.slice(0, TEST_ITEMS_SHOWN);
    const filter = compileFilter(resolved.fields.include, resolved.fields.exclude);
    return {
      items,
      rendered: items.map((item) => {
        const rendered = renderTemplate(resolved.fields.template, item, resolved.consumer.maxLength);
        return { key: item.key, text: rendered.text, truncated: rendered.truncated, filteredOut: filter.reject(item) };
      }),
      error: null,
    };
  }

  return {
    'services.list': () => Promise.resolve(services),

    'triggers.list': () => Promise.resolve(triggerViews(store.triggers.list())),

    'triggers.get': ({ id }) => Promise.resolve(triggerView(id)),

    'triggers.create': (input) => {
      const id = store.transaction(() => createTrigger(input));
      changed([id]);
      return Promise.resolve(triggerView(id));
    },

    'triggers.update': ({ id, input }) => {
      const existing = store.triggers.get(id);
      if (!existing) throw new ContractFailure('not-found', `No trigger with id ${id}`);
      const resolved = resolveTriggerInput(input, context.findService, store.accounts);
      store.transaction(() => {
        const sourceChanged = resolved.fields.sourceKey !== existing.sourceKey;
        store.triggers.update(id, resolved.fields, clock.now(), sourceChanged);
        if (existing.providerService !== resolved.fields.providerService || existing.consumerService !== resolved.fields.consumerService) {
          dropSecrets(id, existing);
        }
        saveSecrets(id, resolved);
        if (input.enabled !== existing.enabled) store.triggers.setEnabled(id, input.enabled, clock.now());
      });
      changed([id]);
      return Promise.resolve(triggerView(id));
    },

    'triggers.setEnabled': ({ id, enabled }) => {
      if (!store.triggers.get(id)) throw new ContractFailure('not-found', `No trigger with id ${id}`);
      store.triggers.setEnabled(id, enabled, clock.now());
      changed([id]);
      return Promise.resolve(triggerView(id));
    },

    'triggers.remove': ({ id }) => {
      const existing = store.triggers.get(id);
      if (!existing) throw new ContractFailure('not-found', `No trigger with id ${id}`);
      store.triggers.remove(id);
      dropSecrets(id, existing);
      changed([id]);
      return Promise.resolve({ removed: true as const });
    },

    'triggers.run': async ({ id }) => {
      const trigger = store.triggers.get(id);
      if (!trigger) throw new ContractFailure('not-found', `No trigger with id ${id}`);
      if (!trigger.enabled) throw new ContractFailure('conflict', `"${trigger.name}" is disabled; enable it to run it`);
      if (trigger.pausedReason !== null) store.triggers.setEnabled(id, true, clock.now()); // Run now is the user's retry
      const runs: RunView[] = [];
      const fetched = await engine.runFetch({ all: true, sourceKeys: [trigger.sourceKey] });
      runs.push(...fetched.runs.filter((run) => run.triggerId === id));
      const published = await engine.runPublish({ triggerId: id, force: true });
      runs.push(...published.runs);
      changed([id]);
      return runs;
    },

    'triggers.test': (input) => testTrigger(input),

    'accounts.list': () => Promise.resolve(store.accounts.list().map(accountView)),

    'accounts.create': (input) => {
      const { plain, secrets: values } = validateAccount(input, null);
      const id = store.accounts.insert(input.service, input.name, plain, clock.now());
      for (const [field, value] of Object.entries(values)) secrets.set(accountSecretRef(id, field), value);
      const record = store.accounts.get(id);
      if (!record) throw new ContractFailure('internal', 'The account was not saved');
      return Promise.resolve(accountView(record));
    },

    'accounts.update': ({ id, input }) => {
      const existing = store.accounts.get(id);
      if (!existing) throw new ContractFailure('not-found', `No account with id ${id}`);
      if (existing.service !== input.service) throw new ContractFailure('invalid-argument', 'An account cannot change service', [{ path: 'service', message: 'cannot change' }]);
      const { plain, secrets: values } = validateAccount(input, id);
      store.accounts.update(id, input.name, plain, clock.now());
      for (const [field, value] of Object.entries(values)) secrets.set(accountSecretRef(id, field), value);
      return Promise.resolve(accountView(store.accounts.get(id) ?? existing));
    },

    'accounts.remove': ({ id }) => {
      const existing = store.accounts.get(id);
      if (!existing) throw new ContractFailure('not-found', `No account with id ${id}`);
      const users = store.accounts.usedBy(id);
      if (users > 0) throw new ContractFailure('conflict', `${existing.name} is used by ${users} trigger${users === 1 ? '' : 's'}; remove or change them first`);
      store.accounts.remove(id);
      for (const field of context.findService(existing.service)?.secretFields ?? []) secrets.delete(accountSecretRef(id, field));
      return Promise.resolve({ removed: true as const });
    },

    'accounts.test': async ({ id }) => {
      const existing = store.accounts.get(id);
      if (!existing) throw new ContractFailure('not-found', `No account with id ${id}`);
      const settings = context.settings();
      const account = runtimeAccount(context, id) ?? {};
      const result = await context.pool.run({ kind: 'check-account', service: existing.service, account, http: httpPolicy(settings) }, taskDeadline(settings));
      return result.ok ? { ok: true, message: result.message } : { ok: false, message: result.error.message };
    },

    'items.list': (query) => Promise.resolve(store.outbox.list(query)),

    'items.resend': ({ id }) => {
      const item = store.outbox.get(id);
      if (!item) throw new ContractFailure('not-found', `No item with id ${id}`);
      if (item.state === 'sending') throw new ContractFailure('conflict', 'This item is being sent right now');
      if (!store.outbox.hasContent(id)) throw new ContractFailure('conflict', 'This item is older than the retention period; its content is no longer kept');
      store.outbox.resend(id, clock.now());
      engine.reschedule();
      return Promise.resolve(store.outbox.get(id) ?? item);
    },

    'items.skip': ({ id }) => {
      const item = store.outbox.get(id);
      if (!item) throw new ContractFailure('not-found', `No item with id ${id}`);
      if (item.state === 'sending') throw new ContractFailure('conflict', 'This item is being sent right now');
      store.outbox.skip(id);
      return Promise.resolve(store.outbox.get(id) ?? item);
    },

    'runs.list': (query) => Promise.resolve(store.runs.list(query)),

    'engine.status': () => Promise.resolve(engine.status()),

    'engine.pause': () => {
      engine.pause();
      return Promise.resolve(engine.status());
    },

    'engine.resume': () => {
      engine.resume();
      return Promise.resolve(engine.status());
    },

    'engine.runNow': () => {
      // Runs in the background; progress arrives as events.
      void engine.runOnce().catch((error: unknown) => console.error('Trigger Happy: run now failed', error));
      return Promise.resolve(engine.status());
    },

    'settings.get': () => Promise.resolve(ports.settings.get()),

    'settings.update': (patch) => {
      const settings = ports.settings.update(patch);
      engine.applySettings();
      return Promise.resolve(settings);
    },

    'opml.import': async ({ text, consumer, intervalSeconds, firstRunLatest }) => {
      const settings = context.settings();
      const parsed = await context.pool.run({ kind: 'parse-opml', text }, taskDeadline(settings));
      if (!parsed.ok) throw new ContractFailure('invalid-argument', `Unreadable OPML: ${parsed.error.message}`);
      const plan = triggerInputsFromOutlines(parsed.outlines, { consumer, intervalSeconds, firstRunLatest }, triggerViews(store.triggers.list()));
      const skipped = [...plan.skipped];
      // All or nothing: a consumer that does not validate fails the whole import before any write.
      const ids = store.transaction(() => {
        const created: number[] = [];
        for (const input of plan.inputs) {
          try {
            const parsed = triggerInputSchema.safeParse(input);
            if (!parsed.success) throw new ContractFailure('invalid-argument', parsed.error.issues[0]?.message ?? 'invalid', [{ path: 'provider', message: parsed.error.message }]);
            created.push(createTrigger(parsed.data));
          } catch (error) {
            if (error instanceof ContractFailure && error.issues?.some((issue) => issue.path.startsWith('provider.'))) {
              const url = (input.provider.params as { url?: unknown } | undefined)?.url;
              skipped.push({ url: typeof url === 'string' ? url : '', reason: error.message });
            } else {
              throw error;
            }
          }
        }
        return created;
      });
      if (ids.length > 0) changed(ids);
      const views = triggerViews(ids.map((id) => store.triggers.get(id)).filter((record): record is TriggerRecord => record !== null));
      return { created: ids.length, skipped, triggers: views };
    },

    'opml.export': () => {
      const views = triggerViews(store.triggers.list());
      const text = buildOpml(views, 'Trigger Happy feeds');
      return Promise.resolve({ text, count: distinctFeeds(views).length });
    },

    'data.backup': () => engine.backup(),

    'data.info': () => {
      const file = ports.paths.databaseFile;
      let bytes = 0;
      for (const suffix of ['', '-wal']) {
        try {
          bytes += fs.statSync(file + suffix).size;
        } catch {
          // The WAL file may not exist yet.
        }
      }
      return Promise.resolve({ dataDir: ports.paths.dataDir, databaseFile: file, databaseBytes: bytes, desktop: ports.desktop });
    },
  };
}
