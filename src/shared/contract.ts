import { z } from 'zod';
import type {
  AccountView,
  EngineStatus,
  ImportResult,
  ItemView,
  NewItemsEvent,
  RunView,
  ServiceInfo,
  TestResult,
  TriggerPausedEvent,
  TriggerView,
} from './models';
import { ITEM_STATES, RUN_OUTCOMES } from './models';
import { settingsPatchSchema, type Settings } from './settings';

// The one contract between the engine and every front end (Electron IPC, HTTP + SSE for `serve`,
// the CLI). Each invoke channel has a zod schema for its single argument and a result type; the
// transports validate with the schema, and a handler object must implement every channel
// (see `ContractHandlers`), so a missing handler is a compile error.

const id = z.number().int().positive();
const params = z.record(z.string(), z.unknown());
const words = z.array(z.string().trim().min(1).max(200)).max(100);

export const endpointSchema = z.object({
  service: z.string().min(1).max(64),
  accountId: id.nullable().default(null),
  params: params.default({}),
});

export const triggerInputSchema = z.object({
  name: z.string().trim().min(1, 'A trigger needs a name').max(200),
  enabled: z.boolean().default(true),
  provider: endpointSchema,
  consumer: endpointSchema,
  intervalSeconds: z.number().int().min(60).max(7 * 86_400).optional(),
  include: words.default([]),
  exclude: words.default([]),
  template: z.string().max(10_000).default(''),
  maxPerRun: z.number().int().min(1).max(1000).default(10),
  notify: z.boolean().default(true),
  firstRunLatest: z.number().int().min(0).max(1000).default(0),
});
export type TriggerInput = z.input<typeof triggerInputSchema>;

export const accountInputSchema = z.object({
  service: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  /** Non-secret and secret fields together; secrets are split off and stored apart. */
  settings: params,
});
export type AccountInput = z.input<typeof accountInputSchema>;

export const itemsQuerySchema = z.object({
  triggerId: id.optional(),
  state: z.enum(ITEM_STATES).optional(),
  text: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  /** Keyset paging: only rows with a smaller id. */
  beforeId: id.optional(),
});

export const runsQuerySchema = z.object({
  triggerId: id.optional(),
  outcome: z.enum(RUN_OUTCOMES).optional(),
  text: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100_000).default(500),
  beforeId: id.optional(),
  afterId: z.number().int().min(0).optional(),
});

export const opmlImportSchema = z.object({
  /** The OPML document itself (the window reads the file, the CLI reads it from disk). */
  text: z.string().max(20 * 1024 * 1024),
  consumer: endpointSchema,
  intervalSeconds: z.number().int().min(60).max(7 * 86_400).optional(),
  firstRunLatest: z.number().int().min(0).max(1000).default(0),
});

const none = z.object({}).strict().default({});
const byId = z.object({ id }).strict();

/** Every invoke channel: its argument schema. Results are typed in `ContractResults`. */
export const contractArgs = {
  'services.list': none,
  'triggers.list': none,
  'triggers.get': byId,
  'triggers.create': triggerInputSchema,
  'triggers.update': z.object({ id, input: triggerInputSchema }).strict(),
  'triggers.setEnabled': z.object({ id, enabled: z.boolean() }).strict(),
  'triggers.remove': byId,
  'triggers.run': byId,
  'triggers.test': triggerInputSchema,
  'accounts.list': none,
  'accounts.create': accountInputSchema,
  'accounts.update': z.object({ id, input: accountInputSchema }).strict(),
  'accounts.remove': byId,
  'accounts.test': byId,
  'items.list': itemsQuerySchema,
  'items.resend': byId,
  'items.skip': byId,
  'runs.list': runsQuerySchema,
  'engine.status': none,
  'engine.pause': none,
  'engine.resume': none,
  'engine.runNow': none,
  'settings.get': none,
  'settings.update': settingsPatchSchema,
  'opml.import': opmlImportSchema,
  'opml.export': none,
  'data.backup': none,
  'data.info': none,
} as const;

export type Channel = keyof typeof contractArgs;
export type ChannelArgs<C extends Channel> = z.input<(typeof contractArgs)[C]>;
export type ParsedArgs<C extends Channel> = z.output<(typeof contractArgs)[C]>;

export interface ContractResults {
  'services.list': ServiceInfo[];
  'triggers.list': TriggerView[];
  'triggers.get': TriggerView;
  'triggers.create': TriggerView;
  'triggers.update': TriggerView;
  'triggers.setEnabled': TriggerView;
  'triggers.remove': { removed: true };
  'triggers.run': RunView[];
  'triggers.test': TestResult;
  'accounts.list': AccountView[];
  'accounts.create': AccountView;
  'accounts.update': AccountView;
  'accounts.remove': { removed: true };
  'accounts.test': { ok: boolean; message: string };
  'items.list': ItemView[];
  'items.resend': ItemView;
  'items.skip': ItemView;
  'runs.list': RunView[];
  'engine.status': EngineStatus;
  'engine.pause': EngineStatus;
  'engine.resume': EngineStatus;
  'engine.runNow': EngineStatus;
  'settings.get': Settings;
  'settings.update': Settings;
  'opml.import': ImportResult;
  'opml.export': { text: string; count: number };
  'data.backup': { file: string; bytes: number };
  'data.info': { dataDir: string; databaseFile: string; databaseBytes: number; desktop: boolean };
}

// A compile-time check that every channel has a result type and vice versa.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const channelsMatch: Exact<Channel, keyof ContractResults> = true;
void channelsMatch;

export type ChannelResult<C extends Channel> = ContractResults[C];

/** What the engine (or anything standing in for it) implements: one handler per channel. */
export type ContractHandlers = {
  [C in Channel]: (args: ParsedArgs<C>) => Promise<ChannelResult<C>>;
};

/** Event channels the engine pushes to every front end. */
export interface ContractEvents {
  'run:added': RunView;
  'items:new': NewItemsEvent;
  'engine:status': EngineStatus;
  'triggers:changed': { ids: number[] };
  'trigger:paused': TriggerPausedEvent;
}
export type EventName = keyof ContractEvents;
export const EVENT_NAMES: readonly EventName[] = [
  'run:added',
  'items:new',
  'engine:status',
  'triggers:changed',
  'trigger:paused',
];

export const CHANNELS = Object.keys(contractArgs) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contractArgs, name);
}
