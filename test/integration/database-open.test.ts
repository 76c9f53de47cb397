import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, PAGE_CACHE_KIB } from '../../src/main/engine/store/database';
import { DatabaseFromFutureError, LATEST_VERSION } from '../../src/main/engine/store/migrations/index';
import { tempDir } from '../support/engine-harness';

const now = () => Date.parse('2026-11-30T10:00:00Z');

function seed(file: string): void {
  const { db } = openDatabase(file, { backupsDir: path.join(path.dirname(file), 'backups'), now });
  const insert = db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < 2000; i += 1) insert.run(`k${i}`, 'x'.repeat(200));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

describe('openDatabase', () => {
  it('creates a WAL database with foreign keys on and the latest schema', () => {
    const dir = tempDir();
    const { db, notice } = openDatabase(path.join(dir, 'a.sqlite3'), { backupsDir: path.join(dir, 'backups'), now });
    expect(notice).toBeNull();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it("keeps SQLite's page cache at 2 MB, not the 16 MB better-sqlite3 builds it with", () => {
    const dir = tempDir();
    const { db } = openDatabase(path.join(dir, 'a.sqlite3'), { backupsDir: path.join(dir, 'backups'), now });
    expect(PAGE_CACHE_KIB).toBe(2000);
    expect(db.pragma('cache_size', { simple: true })).toBe(-2000);
    const plain = new Database(path.join(dir, 'b.sqlite3'));
    expect(plain.pragma('cache_size', { simple: true })).toBe(-16000);
    plain.close();
    db.close();
  });

  it('treats a zero-length file as a fresh install', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.sqlite3');
    fs.writeFileSync(file, '');
    const { db, notice } = openDatabase(file, { backupsDir: path.join(dir, 'backups'), now });
    expect(notice).toBeNull();
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it('moves a file with an overwritten header aside and starts afresh, telling the user', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.sqlite3');
    seed(file);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
    fs.closeSync(fd);
    const { db, notice } = openDatabase(file, { backupsDir: path.join(dir, 'backups'), now });
    expect(notice).toMatch(/damaged/);
    expect(notice).toContain('.corrupt-2026-11-30T10-00-00-000Z');
    expect(fs.readdirSync(dir).some((name) => name.startsWith('a.sqlite3.corrupt-'))).toBe(true);
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('restores the newest healthy backup after finding a damaged page, and asks for a new baseline', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.sqlite3');
    const backups = path.join(dir, 'backups');
    seed(file);
    fs.mkdirSync(backups);
    const copy = new Database(file);
    copy.exec(`VACUUM INTO '${path.join(backups, 'trigger-happy-1.sqlite3')}'`);
    copy.close();
    // Overwrite a page in the middle of the file (not the header).
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0x13), 0, 4096, 4096 * 3);
    fs.closeSync(fd);
    const { db, notice, rebaseline } = openDatabase(file, { backupsDir: backups, now });
    expect(notice).toMatch(/restored/);
    expect(rebaseline).toBe(true);
    expect(db.prepare('SELECT COUNT(*) FROM meta').pluck().get()).toBe(2000);
    db.close();
  });

  it('refuses a database from a newer version without touching it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.sqlite3');
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(file, { backupsDir: path.join(dir, 'backups'), now })).toThrow(DatabaseFromFutureError);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    again.close();
  });
});
