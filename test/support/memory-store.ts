import Database from 'better-sqlite3';
import { migrate } from '../../src/main/engine/store/migrations/index';
import { Store } from '../../src/main/engine/store/store';

/** A migrated store in memory, with foreign keys on as the engine opens its file. */
export function memoryStore(): Store {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return new Store(db);
}
