import type { Store } from './store/store';

// The daily recycle: drop the content of finished items past retention (their keys stay, so they
// are never fetched as new again), trim the activity log, forget expired host limits, optimise.

export const RUNS_KEPT = 200_000;
export const RECYCLE_EVERY_MS = 24 * 60 * 60 * 1000;

export interface RecycleReport {
  itemsPruned: number;
  runsTrimmed: number;
  sourcesForgotten: number;
}

export function recycle(store: Store, now: number, retentionDays: number): RecycleReport {
  const cutoff = now - retentionDays * 24 * 60 * 60 * 1000;
  const report = store.transaction(() => ({
    itemsPruned: store.outbox.pruneContent(cutoff),
    // The log keeps three retention periods, and never more than RUNS_KEPT rows.
    runsTrimmed: store.runs.trim(now - 3 * retentionDays * 24 * 60 * 60 * 1000, RUNS_KEPT),
    sourcesForgotten: store.fetchState.removeOrphans(),
  }));
  store.hostLimits.forgetExpired(now);
  store.meta.set('last_recycle_at', now);
  store.db.pragma('optimize');
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  return report;
}
