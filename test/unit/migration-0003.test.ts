import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, migrations, schemaVersion } from '../../src/main/engine/store/migrations/index';
import { PUBLISHABLE_SQL } from '../../src/main/engine/store/outbox';

describe('migration 0003 (covering queue index)', () => {
  it("rebuilds items_publishable with the row's trigger, so the queue is read from the index alone; rows are kept", () => {
    const db = new Database(':memory:');
    migrate(db, migrations, 2);
    db.prepare(`INSERT INTO triggers (name, provider_service, source_key, consumer_service, created_at, updated_at) VALUES ('t', 'rss', 'k', 'markdown', 0, 0)`).run();
    db.prepare(`INSERT INTO items (trigger_id, key, state, title, idempotency_key, found_at, data) VALUES (1, 'a', 'pending', 't', 'x', 0, '{}')`).run();
    expect(migrate(db)).toEqual([3]);
    expect(schemaVersion(db)).toBe(3);
    const columns = (db.prepare(`SELECT name FROM pragma_index_info('items_publishable')`).all() as Array<{ name: string }>).map((column) => column.name);
    expect(columns).toEqual(['state', 'next_attempt_at', 'trigger_id']);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${PUBLISHABLE_SQL}`).all({ now: 1, triggerId: null }) as Array<{ detail: string }>).map((row) => row.detail);
    expect(plan).toContain('SEARCH i USING COVERING INDEX items_publishable (state=?)');
    expect(db.prepare(PUBLISHABLE_SQL).all({ now: 1, triggerId: null })).toEqual([{ id: 1, triggerId: 1 }]);
  });
});
