import type { Database } from 'better-sqlite3';
import type { FetchState } from '../../../workers/tasks';
import { statementCache, type PrepareCached } from './statement-cache';

// Per source (shared by every trigger reading it): the validators and cursor a provider sends back.

export class FetchStateStore {
  /** get and save run once per source and cycle: prepared once. */
  private readonly prepared: PrepareCached;

  constructor(private readonly db: Database) {
    this.prepared = statementCache(db);
  }

  get(sourceKey: string): FetchState {
    const row = this.prepared('SELECT url, etag, last_modified, cursor FROM fetch_state WHERE source_key = ?')
      .get(sourceKey) as { url: string | null; etag: string | null; last_modified: string | null; cursor: string | null } | undefined;
    if (!row) return {};
    const state: FetchState = {};
    if (row.url) state.url = row.url;
    if (row.etag) state.etag = row.etag;
    if (row.last_modified) state.lastModified = row.last_modified;
    if (row.cursor) state.cursor = row.cursor;
    return state;
  }

  save(sourceKey: string, state: FetchState, now: number): void {
    this.prepared(
      `INSERT INTO fetch_state (source_key, url, etag, last_modified, cursor, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_key) DO UPDATE SET url = excluded.url, etag = excluded.etag, last_modified = excluded.last_modified,
         cursor = excluded.cursor, updated_at = excluded.updated_at`,
    ).run(sourceKey, state.url ?? null, state.etag ?? null, state.lastModified ?? null, state.cursor ?? null, now);
  }

  remove(sourceKey: string): void {
    this.db.prepare('DELETE FROM fetch_state WHERE source_key = ?').run(sourceKey);
  }

  /** Sources no trigger reads any more. */
  removeOrphans(): number {
    return this.db.prepare('DELETE FROM fetch_state WHERE source_key NOT IN (SELECT source_key FROM triggers)').run().changes;
  }
}
