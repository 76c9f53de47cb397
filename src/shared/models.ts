// Plain data that crosses the contract: the engine produces these, the renderer, the CLI and the
// desktop shell read them. No node:, no electron, no DOM here.

export type Capability = 'provider' | 'consumer';

/** A JSON Schema (draft 2020-12) object, as produced by zod's toJSONSchema. */
export type JsonSchema = Record<string, unknown>;

export interface ServiceInfo {
  id: string;
  label: string;
  /** A short description shown under the service in pickers. */
  description: string;
  capabilities: Capability[];
  needsAccount: boolean;
  accountSchema: JsonSchema | null;
  providerSchema: JsonSchema | null;
  consumerSchema: JsonSchema | null;
  /** Account fields that are secrets: write-only, kept in the secret store. */
  secretFields: string[];
  /** The consumer's text limit (characters or graphemes), when it has one. */
  maxLength: number | null;
}

/** One piece of data a provider found, normalised. */
export interface FeedItem {
  /** Stable identity: guid / id, else link, else a content hash. */
  key: string;
  title: string;
  url: string | null;
  /** Raw HTML from the provider; untrusted. Consumers convert or sanitise it. */
  contentHtml: string | null;
  contentText: string | null;
  author: string | null;
  /** ISO 8601, or null when the provider gave no parseable date. */
  published: string | null;
  tags: string[];
  /** The title of the source (feed title, account name). */
  source: string | null;
}

export const ITEM_STATES = ['pending', 'sending', 'sent', 'retry', 'failed', 'skipped', 'filtered'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const RUN_OUTCOMES = ['ok', 'unchanged', 'error', 'skipped'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export type RunKind = 'fetch' | 'publish';

export interface EndpointView {
  service: string;
  accountId: number | null;
  /** Non-secret parameters; secret ones (a webhook's signing secret) never leave the engine. */
  params: Record<string, unknown>;
  /** Which secret parameters hold a value. */
  secretsSet: string[];
}

export interface TriggerView {
  id: number;
  name: string;
  enabled: boolean;
  provider: EndpointView;
  consumer: EndpointView;
  /** The trigger's own interval, or null when it follows the setting. */
  intervalSeconds: number | null;
  include: string[];
  exclude: string[];
  template: string;
  maxPerRun: number;
  notify: boolean;
  firstRunLatest: number;
  createdAt: number;
  updatedAt: number;
  /** Null until the first fetch has recorded what the provider had. */
  baselineAt: number | null;
  nextFetchAt: number | null;
  consecutiveFailures: number;
  /** Why the trigger paused itself (after repeated failures, 410 Gone, 401…). */
  pausedReason: string | null;
  lastRun: RunView | null;
  counts: { pending: number; sent: number; failed: number; total: number };
}

export interface ItemView {
  id: number;
  triggerId: number;
  triggerName: string;
  key: string;
  state: ItemState;
  title: string;
  url: string | null;
  published: string | null;
  foundAt: number;
  sentAt: number | null;
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  /** Why an item was skipped or filtered: 'baseline', 'user', 'filter: …'. */
  reason: string | null;
  /** False once the daily recycle dropped its content (past retention): it can no longer be sent. */
  canSend: boolean;
}

export interface RunView {
  id: number;
  at: number;
  triggerId: number | null;
  triggerName: string;
  kind: RunKind;
  provider: string;
  consumer: string;
  outcome: RunOutcome;
  newCount: number;
  publishedCount: number;
  failedCount: number;
  message: string | null;
  durationMs: number;
}

export interface AccountView {
  id: number;
  service: string;
  name: string;
  /** Non-secret settings (base URL, user name…). */
  settings: Record<string, unknown>;
  /** Which secret fields hold a value; the values themselves never leave the main process. */
  secretsSet: string[];
  createdAt: number;
}

export type EnginePhase = 'idle' | 'working' | 'paused' | 'error';

export interface EngineStatus {
  phase: EnginePhase;
  paused: boolean;
  fetching: boolean;
  publishing: boolean;
  lastRun: RunView | null;
  nextDueAt: number | null;
  triggers: { total: number; enabled: number; failing: number };
  items: { pending: number; failed: number };
  /** The five most recent items found, for the tray menu. */
  recentItems: Array<{ id: number; title: string; url: string | null; triggerName: string }>;
  /** Set when the database was found corrupt at start and moved aside. */
  notice: string | null;
}

export interface NewItemsEvent {
  triggerId: number;
  triggerName: string;
  notify: boolean;
  count: number;
  items: Array<{ id: number; title: string; url: string | null }>;
}

export interface TriggerPausedEvent {
  triggerId: number;
  triggerName: string;
  reason: string;
}

export interface TestResult {
  /** What the provider returned now, newest first. */
  items: FeedItem[];
  /** What would be published for each item (template applied, length limit enforced). */
  rendered: Array<{ key: string; text: string; truncated: boolean; filteredOut: string | null }>;
  error: string | null;
}

export interface ImportResult {
  created: number;
  skipped: Array<{ url: string; reason: string }>;
  triggers: TriggerView[];
}
