import type { Database } from 'better-sqlite3';

/** One schema step. Steps run in version order, all pending ones in a single transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
