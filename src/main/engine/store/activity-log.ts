import type { Database, Statement } from 'better-sqlite3';
import type { RunKind, RunOutcome, RunView } from '../../../shared/models';

// One row per run (one fetch or one publish of one trigger), carrying what Trigger Happy's log
// line carried. The trigger's name and services are copied so the log outlives the trigger.

export type NewRun = Omit<RunView, 'id'>;

interface RunRow {
  id: number;
  at: number;
  trigger_id: number | null;
  trigger_name: string;
  kind: RunKind;
  provider: string;
  consumer: string;
  outcome: RunOutcome;
  new_count: number;
  published_count: number;
  failed_count: number;
  message: string | null;
  duration_ms: number;
}

function toView(row: RunRow): RunView {
  return {
    id: row.id,
    at: row.at,
    triggerId: row.trigger_id,
    triggerName: row.trigger_name,
    kind: row.kind,
    provider: row.provider,
    consumer: row.consumer,
    outcome: row.outcome,
    newCount: row.new_count,
    publishedCount: row.published_count,
    failedCount: row.failed_count,
    message: row.message,
    durationMs: row.duration_ms,
  };
}

export class ActivityLog {
  private readonly insertStatement: Statement;
  /** Told of every row as it is written, so the window's activity view is live. */
  onAdded: ((run: RunView) => void) | null = null;

  constructor(private readonly db: Database) {
    this.insertStatement = db.prepare(`
      INSERT INTO runs (at, trigger_id, trigger_name, kind, provider, consumer, outcome, new_count, published_count, failed_count, message, duration_ms)
      VALUES (@at, @triggerId, @triggerName, @kind, @provider, @consumer, @outcome, @newCount, @publishedCount, @failedCount, @message, @durationMs)`);
  }

  add(run: NewRun): RunView {
    const id = Number(this.insertStatement.run(run).lastInsertRowid);
    const view = { id, ...run };
    this.onAdded?.(view);
    return view;
  }

  list(query: { triggerId?: number; outcome?: RunOutcome; text?: string; limit: number; beforeId?: number; afterId?: number }): RunView[] {
    const ascending = query.afterId !== undefined;
    const rows = this.db
      .prepare(
        `SELECT * FROM runs
         WHERE (@triggerId IS NULL OR trigger_id = @triggerId)
           AND (@outcome IS NULL OR outcome = @outcome)
           AND (@text IS NULL OR trigger_name LIKE @text ESCAPE '\\' OR message LIKE @text ESCAPE '\\' OR provider LIKE @text ESCAPE '\\' OR consumer LIKE @text ESCAPE '\\')
           AND (@beforeId IS NULL OR id < @beforeId)
           AND (@afterId IS NULL OR id > @afterId)
         ORDER BY id ${ascending ? 'ASC' : 'DESC'} LIMIT @limit`,
      )
      .all({
        triggerId: query.triggerId ?? null,
        outcome: query.outcome ?? null,
        text: query.text ? `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
        beforeId: query.beforeId ?? null,
        afterId: query.afterId ?? null,
        limit: query.limit,
      }) as RunRow[];
    return rows.map(toView);
  }

  latest(): RunView | null {
    const row = this.db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT 1').get() as RunRow | undefined;
    return row ? toView(row) : null;
  }

  /** The last run of each trigger, for the triggers list. */
  latestPerTrigger(): Map<number, RunView> {
    const rows = this.db
      .prepare('SELECT r.* FROM runs r JOIN (SELECT trigger_id, MAX(id) AS id FROM runs WHERE trigger_id IS NOT NULL GROUP BY trigger_id) m ON m.id = r.id')
      .all() as RunRow[];
    return new Map(rows.map((row) => [row.trigger_id ?? 0, toView(row)]));
  }

  /** Daily recycle: keep at most `keep` rows and nothing older than `olderThan`. */
  trim(olderThan: number, keep: number): number {
    const byAge = this.db.prepare('DELETE FROM runs WHERE at < ?').run(olderThan).changes;
    const cutoff = this.db.prepare('SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET ?').pluck().get(keep) as number | undefined;
    const byCount = cutoff === undefined ? 0 : this.db.prepare('DELETE FROM runs WHERE id <= ?').run(cutoff).changes;
    return byAge + byCount;
  }
}
