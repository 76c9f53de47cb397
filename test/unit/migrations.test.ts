import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseFromFutureError, LATEST_VERSION, migrate, migrations, schemaVersion } from '../../src/main/engine/store/migrations/index';
import type { Migration } from '../../src/main/engine/store/migrations/migration';

function tables(db: Database.Database): Array<{ name: string; strict: number }> {
  return db.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{
    name: string;
    strict: number;
  }>;
}

describe('migration 0001 (initial schema)', () => {
  it('creates every table STRICT and sets user_version 1', () => {
    const db = new Database(':memory:');
    expect(migrate(db, migrations, 1)).toEqual([1]);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual([
      { name: 'accounts', strict: 1 },
      { name: 'fetch_state', strict: 1 },
      { name: 'host_limits', strict: 1 },
      { name: 'items', strict: 1 },
      { name: 'meta', strict: 1 },
      { name: 'runs', strict: 1 },
      { name: 'triggers', strict: 1 },
    ]);
  });

  it('enforces the outbox states and one row per (trigger, key)', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    db.prepare(
      `INSERT INTO triggers (name, provider_service, source_key, consumer_service, created_at, updated_at) VALUES ('t', 'rss', 'k', 'markdown', 0, 0)`,
    ).run();
    const insert = db.prepare(`INSERT INTO items (trigger_id, key, state, title, idempotency_key, found_at) VALUES (1, ?, ?, 't', 'x', 0)`);
    insert.run('a', 'pending');
    expect(() => insert.run('a', 'pending')).toThrow(/UNIQUE/);
    expect(() => insert.run('b', 'delivered')).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO items (trigger_id, key, state, title, idempotency_key, found_at) VALUES (99, 'c', 'pending', 't', 'x', 0)`).run()).toThrow(
      /FOREIGN KEY/,
    );
  });
});

describe('migrate', () => {
  it('does nothing on an up-to-date database', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(migrate(db)).toEqual([]);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
  });

  it('refuses a database written by a newer version, touching nothing', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${LATEST_VERSION + 5}`);
    expect(() => migrate(db)).toThrow(DatabaseFromFutureError);
    expect(() => migrate(db)).toThrow(/newer Trigger Happy/);
    expect(tables(db)).toEqual([]);
  });

  it('runs every pending step in one transaction: a failing step leaves the old schema', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      version: LATEST_VERSION + 1,
      name: 'broken',
      up(inner) {
        inner.exec('CREATE TABLE half_done (id INTEGER) STRICT');
        throw new Error('power cut');
      },
    };
    expect(() => migrate(db, [...migrations, broken])).toThrow('power cut');
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('rejects migrations listed out of order', () => {
    const db = new Database(':memory:');
    const a: Migration = { version: 2, name: 'a', up: () => undefined };
    const b: Migration = { version: 1, name: 'b', up: () => undefined };
    expect(() => migrate(db, [a, b])).toThrow(/out of order/);
  });
});
