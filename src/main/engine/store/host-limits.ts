import type { Database } from 'better-sqlite3';

// Per-host "not before" times set by Retry-After, rate-limit resets and body retry_after. Kept in
// SQLite so a restart does not hammer a host that asked us to wait.

export class HostLimits {
  private readonly cache = new Map<string, number>();

  constructor(private readonly db: Database) {
    const rows = db.prepare('SELECT host, not_before FROM host_limits').all() as Array<{ host: string; not_before: number }>;
    for (const row of rows) this.cache.set(row.host, row.not_before);
  }

  notBefore(host: string): number {
    return this.cache.get(host) ?? 0;
  }

  /** Only ever pushes the time later. */
  delay(host: string, until: number, reason: string): void {
    if (until <= this.notBefore(host)) return;
    this.cache.set(host, until);
    this.db
      .prepare(
        `INSERT INTO host_limits (host, not_before, reason) VALUES (?, ?, ?)
         ON CONFLICT (host) DO UPDATE SET not_before = excluded.not_before, reason = excluded.reason`,
      )
      .run(host, until, reason);
  }

  /** Daily recycle: forget limits that have passed. */
  forgetExpired(now: number): void {
    this.db.prepare('DELETE FROM host_limits WHERE not_before < ? AND max_connections IS NULL').run(now);
    for (const [host, until] of this.cache) if (until < now) this.cache.delete(host);
  }
}
