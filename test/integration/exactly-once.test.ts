import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/engine-harness';
import { startTsx, type KillableProcess } from '../support/killable-process';

// Exactly once as the consumer sees it, and no acknowledged write lost, across `kill -9`
// (reliability.md rows 17 and 18). Child processes are killed at random moments while they write
// or publish, restarted, and killed again; the figures are printed for the reliability note.

const WRITER = path.resolve(import.meta.dirname, '../support/sqlite-writer-child.ts');

const running = new Set<KillableProcess>();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const child of running) await child.kill9();
  running.clear();
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function track(child: KillableProcess): KillableProcess {
  running.add(child);
  void child.exited.then(() => running.delete(child));
  return child;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A reproducible sequence in [0, 1) (mulberry32), so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quickCheck(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('quick_check') as Array<{ quick_check: string }>).map((row) => row.quick_check);
  } finally {
    db.close();
  }
}

describe('crash while writing (reliability row 17)', () => {
  it('loses no acknowledged commit across 25 kill -9 of the writer, and the file stays healthy', async () => {
    const dir = tempDir('th-crash-writer-');
    const databaseFile = path.join(dir, 'trigger-happy.sqlite3');
    const backupsDir = path.join(dir, 'backups');
    const random = seeded(17);
    const KILLS = 25;
    const acknowledged: string[] = [];
    const notices: string[] = [];
    const checks: string[] = [];
    let killsWhileWriting = 0;

    for (let life = 0; life < KILLS; life += 1) {
      const child = track(startTsx(WRITER, [databaseFile, backupsDir]));
      const opened = await child.waitForLine((line) => line.startsWith('open '), 30_000);
      if (opened !== 'open ok') notices.push(opened);
      await child.waitForLine((line) => line.startsWith('ack '), 30_000);
      await sleep(Math.floor(random() * 150));
      const before = child.lines.length;
      await sleep(2);
      if (child.lines.length > before) killsWhileWriting += 1;
      await child.kill9();
      acknowledged.push(...child.lines.filter((line) => line.startsWith('ack ')).map((line) => line.slice(4)));
      checks.push(...quickCheck(databaseFile));
    }

    const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
    const stored = new Set(db.prepare('SELECT key FROM items').pluck().all() as string[]);
    db.close();
    const lost = acknowledged.filter((key) => !stored.has(key));
    const failedChecks = checks.filter((line) => line !== 'ok');
    console.log(
      `[row 17] kill -9 of the writer: ${KILLS} kills (${killsWhileWriting} seen writing in the last 2 ms), ${acknowledged.length} acknowledged rows, ` +
        `${stored.size} rows stored, ${lost.length} acknowledged rows lost, ${failedChecks.length} failed quick_check of ${checks.length}`,
    );
    expect(acknowledged.length).toBeGreaterThan(KILLS * 8);
    expect(lost).toEqual([]);
    expect(failedChecks).toEqual([]);
    expect(notices).toEqual([]);
    // Nothing was quarantined as corrupt along the way.
    expect(fs.readdirSync(dir).filter((name) => name.includes('.corrupt-'))).toEqual([]);
  }, 120_000);
});
