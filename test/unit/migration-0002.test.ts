import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, migrations, schemaVersion } from '../../src/main/engine/store/migrations/index';

describe('migration 0002 (item lease owner)', () => {
  it('adds lease_owner and lease_until to items, keeping existing rows', () => {
    const db = new Database(':memory:');
    migrate(db, migrations, 1);
    db.prepare(`INSERT INTO triggers (name, provider_service, source_key, consumer_service, created_at, updated_at) VALUES ('t', 'rss', 'k', 'markdown', 0, 0)`).run();
    db.prepare(`INSERT INTO items (trigger_id, key, state, title, idempotency_key, found_at, lease) VALUES (1, 'a', 'sending', 't', 'x', 0, 'l')`).run();
    expect(migrate(db, migrations, 2)).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    const columns = (db.prepare(`SELECT name, type FROM pragma_table_info('items')`).all() as Array<{ name: string; type: string }>).filter((column) =>
      column.name.startsWith('lease'),
    );
    expect(columns).toEqual([
      { name: 'lease', type: 'TEXT' },
      { name: 'lease_owner', type: 'INTEGER' },
      { name: 'lease_until', type: 'INTEGER' },
    ]);
    expect(db.prepare('SELECT key, state, lease_owner FROM items').get()).toEqual({ key: 'a', state: 'sending', lease_owner: null });
  });
});
