import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-item-lease-owner';
import { migration0003 } from './0003-covering-queue-index';

// Signal's updateSchema: versions must increase, a database from a newer version is refused, and
// every pending step runs in one transaction with `user_version` bumped inside it, so a crash
// leaves the old schema or the new one, never a mix.

export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003];

export const LATEST_VERSION = migrations.at(-1)?.version ?? 0;

export class DatabaseFromFutureError extends Error {
  constructor(readonly found: number, readonly supported: number) {
    super(
      `This database was written by a newer Trigger Happy (schema ${found}; this version knows up to ${supported}). ` +
        'Update the app, or point it at another data folder.',
    );
    this.name = 'DatabaseFromFutureError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the schema up to `target` (the latest by default); returns the versions applied. */
export function migrate(db: Database, list: readonly Migration[] = migrations, target = list.at(-1)?.version ?? 0): number[] {
  for (let index = 1; index < list.length; index += 1) {
    const previous = list[index - 1];
    const current = list[index];
    if (previous && current && current.version <= previous.version) {
      throw new Error(`Migrations out of order: ${previous.version} then ${current.version}`);
    }
  }
  const supported = list.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > supported) throw new DatabaseFromFutureError(current, supported);
  const pending = list.filter((step) => step.version > current && step.version <= target);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const step of pending) {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }
  })();
  return pending.map((step) => step.version);
}
