import type { Database } from 'better-sqlite3';

/** Small engine bookkeeping values (last recycle time). */
export class MetaStore {
  constructor(private readonly db: Database) {}

  getNumber(key: string): number | null {
    const value = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
    return value === undefined ? null : Number(value);
  }

  set(key: string, value: string | number): void {
    this.db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, String(value));
  }
}
