import type { Database, Statement } from 'better-sqlite3';
import { statementCache, type PrepareCached } from './statement-cache';

// Triggers as stored: configuration plus the scheduler's columns (next fetch, failures, pause).

export interface TriggerRecord {
  id: number;
  name: string;
  enabled: boolean;
  providerService: string;
  providerAccountId: number | null;
  providerParams: Record<string, unknown>;
  sourceKey: string;
  consumerService: string;
  consumerAccountId: number | null;
  consumerParams: Record<string, unknown>;
  intervalSeconds: number | null;
  include: string[];
  exclude: string[];
  template: string;
  maxPerRun: number;
  notify: boolean;
  firstRunLatest: number;
  baselineAt: number | null;
  nextFetchAt: number | null;
  consecutiveFailures: number;
  pausedReason: string | null;
  createdAt: number;
  updatedAt: number;
}

export type TriggerFields = Omit<
  TriggerRecord,
  'id' | 'createdAt' | 'updatedAt' | 'baselineAt' | 'nextFetchAt' | 'consecutiveFailures' | 'pausedReason'
>;

interface TriggerRow {
  id: number;
  name: string;
  enabled: number;
  provider_service: string;
  provider_account_id: number | null;
  provider_params: string;
  source_key: string;
  consumer_service: string;
  consumer_account_id: number | null;
  consumer_params: string;
  interval_s: number | null;
  include_words: string;
  exclude_words: string;
  template: string;
  max_per_run: number;
  notify: number;
  first_run_latest: number;
  baseline_at: number | null;
  next_fetch_at: number | null;
  consecutive_failures: number;
  paused_reason: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * One page of active triggers. `+enabled` keeps SQLite off the `triggers_due` index: with it, each
 * page read every active trigger above `afterId` and sorted them to keep 512 (143 ms over the pages
 * of 10,000 triggers, 3 s at 50,000); on the primary key a page reads only its own rows.
 */
export const ACTIVE_PAGE_SQL = 'SELECT * FROM triggers WHERE id > ? AND +enabled = 1 AND paused_reason IS NULL ORDER BY id LIMIT ?';

function fromRow(row: TriggerRow): TriggerRecord {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled === 1,
    providerService: row.provider_service,
    providerAccountId: row.provider_account_id,
    providerParams: JSON.parse(row.provider_params) as Record<string, unknown>,
    sourceKey: row.source_key,
    consumerService: row.consumer_service,
    consumerAccountId: row.consumer_account_id,
    consumerParams: JSON.parse(row.consumer_params) as Record<string, unknown>,
    intervalSeconds: row.interval_s,
    include: JSON.parse(row.include_words) as string[],
    exclude: JSON.parse(row.exclude_words) as string[],
    template: row.template,
    maxPerRun: row.max_per_run,
    notify: row.notify === 1,
    firstRunLatest: row.first_run_latest,
    baselineAt: row.baseline_at,
    nextFetchAt: row.next_fetch_at,
    consecutiveFailures: row.consecutive_failures,
    pausedReason: row.paused_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toParams(fields: TriggerFields) {
  return {
    name: fields.name,
    enabled: fields.enabled ? 1 : 0,
    provider_service: fields.providerService,
    provider_account_id: fields.providerAccountId,
    provider_params: JSON.stringify(fields.providerParams),
    source_key: fields.sourceKey,
    consumer_service: fields.consumerService,
    consumer_account_id: fields.consumerAccountId,
    consumer_params: JSON.stringify(fields.consumerParams),
    interval_s: fields.intervalSeconds,
    include_words: JSON.stringify(fields.include),
    exclude_words: JSON.stringify(fields.exclude),
    template: fields.template,
    max_per_run: fields.maxPerRun,
    notify: fields.notify ? 1 : 0,
    first_run_latest: fields.firstRunLatest,
  };
}

export class TriggerStore {
  private readonly byId: Statement<[number], TriggerRow>;
  private readonly all: Statement<[], TriggerRow>;
  private readonly insertStatement: Statement;
  private readonly updateStatement: Statement;
  /** The statements the cycles run per source, prepared once. */
  private readonly prepared: PrepareCached;

  constructor(private readonly db: Database) {
    this.prepared = statementCache(db);
    this.byId = db.prepare('SELECT * FROM triggers WHERE id = ?');
    this.all = db.prepare('SELECT * FROM triggers ORDER BY name COLLATE NOCASE, id');
    this.insertStatement = db.prepare(`
      INSERT INTO triggers (name, enabled, provider_service, provider_account_id, provider_params, source_key,
        consumer_service, consumer_account_id, consumer_params, interval_s, include_words, exclude_words, template,
        max_per_run, notify, first_run_latest, next_fetch_at, created_at, updated_at)
      VALUES (@name, @enabled, @provider_service, @provider_account_id, @provider_params, @source_key,
        @consumer_service, @consumer_account_id, @consumer_params, @interval_s, @include_words, @exclude_words, @template,
        @max_per_run, @notify, @first_run_latest, @now, @now, @now)`);
    this.updateStatement = db.prepare(`
      UPDATE triggers SET name = @name, enabled = @enabled, provider_service = @provider_service,
        provider_account_id = @provider_account_id, provider_params = @provider_params, source_key = @source_key,
        consumer_service = @consumer_service, consumer_account_id = @consumer_account_id, consumer_params = @consumer_params,
        interval_s = @interval_s, include_words = @include_words, exclude_words = @exclude_words, template = @template,
        max_per_run = @max_per_run, notify = @notify, first_run_latest = @first_run_latest, updated_at = @now
      WHERE id = @id`);
  }

  get(id: number): TriggerRecord | null {
    const row = this.byId.get(id);
    return row ? fromRow(row) : null;
  }

  list(): TriggerRecord[] {
    return this.all.all().map(fromRow);
  }

  /** A new trigger is due at once: its first fetch records the baseline. */
  insert(fields: TriggerFields, now: number): number {
    const result = this.insertStatement.run({ ...toParams(fields), now });
    return Number(result.lastInsertRowid);
  }

  /** Changing the provider's source means a new baseline (the old items say nothing about it). */
  update(id: number, fields: TriggerFields, now: number, sourceChanged: boolean): void {
    this.updateStatement.run({ ...toParams(fields), id, now });
    if (sourceChanged) {
      this.db.prepare('UPDATE triggers SET baseline_at = NULL, next_fetch_at = ?, consecutive_failures = 0, paused_reason = NULL WHERE id = ?').run(now, id);
    }
  }

  /** Enabling (again) clears a self-pause and its failure count, and makes the trigger due now. */
  setEnabled(id: number, enabled: boolean, now: number): void {
    if (enabled) {
      this.db
        .prepare('UPDATE triggers SET enabled = 1, paused_reason = NULL, consecutive_failures = 0, next_fetch_at = ?, updated_at = ? WHERE id = ?')
        .run(now, now, id);
    } else {
      this.db.prepare('UPDATE triggers SET enabled = 0, updated_at = ? WHERE id = ?').run(now, id);
    }
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM triggers WHERE id = ?').run(id).changes > 0;
  }

  /** Source keys with at least one active trigger due at `now` (or every active one with `all`). */
  dueSourceKeys(now: number, all: boolean): string[] {
    const rows = all
      ? this.prepared('SELECT DISTINCT source_key FROM triggers WHERE enabled = 1 AND paused_reason IS NULL').pluck().all()
      : this.prepared('SELECT DISTINCT source_key FROM triggers WHERE enabled = 1 AND paused_reason IS NULL AND (next_fetch_at IS NULL OR next_fetch_at <= ?)')
        .pluck()
        .all(now);
    return rows as string[];
  }

  activeBySource(sourceKey: string): TriggerRecord[] {
    return (
      this.prepared('SELECT * FROM triggers WHERE source_key = ? AND enabled = 1 AND paused_reason IS NULL ORDER BY id')
        .all(sourceKey) as TriggerRow[]
    ).map(fromRow);
  }

  /** Up to `limit` active triggers with an id above `afterId`, in id order: one page of a read that yields between pages. */
  activePage(afterId: number, limit: number): TriggerRecord[] {
    return (this.prepared(ACTIVE_PAGE_SQL).all(afterId, limit) as TriggerRow[]).map(fromRow);
  }

  nextDueAt(): number | null {
    const value = this.prepared('SELECT MIN(COALESCE(next_fetch_at, 0)) FROM triggers WHERE enabled = 1 AND paused_reason IS NULL')
      .pluck()
      .get() as number | null;
    return value ?? null;
  }

  recordSuccess(ids: readonly number[], nextFetchAt: (id: number) => number, baselineAt: number): void {
    const statement = this.prepared(
      'UPDATE triggers SET consecutive_failures = 0, next_fetch_at = ?, baseline_at = COALESCE(baseline_at, ?) WHERE id = ?',
    );
    for (const id of ids) statement.run(nextFetchAt(id), baselineAt, id);
  }

  recordFailure(id: number, nextFetchAt: number, pausedReason: string | null): number {
    this.prepared(
      'UPDATE triggers SET consecutive_failures = consecutive_failures + 1, next_fetch_at = ?, paused_reason = COALESCE(?, paused_reason) WHERE id = ?',
    ).run(nextFetchAt, pausedReason, id);
    return (this.prepared('SELECT consecutive_failures FROM triggers WHERE id = ?').pluck().get(id) as number | undefined) ?? 0;
  }

  /** Put off without counting a failure (host rate-limited, machine offline). */
  postpone(ids: readonly number[], until: number): void {
    const statement = this.prepared('UPDATE triggers SET next_fetch_at = MAX(COALESCE(next_fetch_at, 0), ?) WHERE id = ?');
    for (const id of ids) statement.run(until, id);
  }

  pause(id: number, reason: string): void {
    this.db.prepare('UPDATE triggers SET paused_reason = ? WHERE id = ?').run(reason, id);
  }

  /** The provider URL moved for good (301/308): every trigger reading it follows. */
  moveSource(oldKey: string, newKey: string, params: (record: TriggerRecord) => Record<string, unknown>, now: number): void {
    for (const record of this.activeBySource(oldKey)) {
      this.db
        .prepare('UPDATE triggers SET provider_params = ?, source_key = ?, updated_at = ? WHERE id = ?')
        .run(JSON.stringify(params(record)), newKey, now, record.id);
    }
  }

  rebaselineAll(now: number): void {
    this.db.prepare('UPDATE triggers SET baseline_at = NULL, next_fetch_at = ?').run(now);
  }

  /** How many triggers there are, are enabled, and are enabled but failing or self-paused. */
  tally(): { total: number; enabled: number; failing: number } {
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS total, COALESCE(SUM(enabled), 0) AS enabled,
           COALESCE(SUM(enabled = 1 AND (paused_reason IS NOT NULL OR consecutive_failures > 0)), 0) AS failing
         FROM triggers`,
      )
      .get() as { total: number; enabled: number; failing: number };
    return row;
  }

  countsByState(): Map<number, { pending: number; sent: number; failed: number; total: number }> {
    const rows = this.db
      .prepare(
        `SELECT trigger_id AS id,
           SUM(state IN ('pending', 'retry', 'sending')) AS pending,
           SUM(state = 'sent') AS sent,
           SUM(state = 'failed') AS failed,
           COUNT(*) AS total
         FROM items GROUP BY trigger_id`,
      )
      .all() as Array<{ id: number; pending: number; sent: number; failed: number; total: number }>;
    return new Map(rows.map((row) => [row.id, { pending: row.pending, sent: row.sent, failed: row.failed, total: row.total }]));
  }
}
