import { openDatabase } from '../../src/main/engine/store/database';
import { Store } from '../../src/main/engine/store/store';
import type { FeedItem } from '../../src/shared/models';
import { triggerFields } from './trigger-fields';

// The engine's writer on its own, for the crash-while-writing test (reliability.md row 17): opens
// the database the way the engine does (quick_check, WAL, synchronous=NORMAL, migrations), then
// commits small batches of outbox rows and an activity row per batch, as a fetch cycle does, as
// fast as it can until it is killed. After each commit returns it prints `ack <key>` for every
// row of the batch: on Linux a write to a pipe is synchronous, so a line the parent has read is a
// commit SQLite acknowledged before the kill.
//
// Run with `node --import tsx test/support/sqlite-writer-child.ts DB_FILE BACKUPS_DIR`.

const [databaseFile, backupsDir] = process.argv.slice(2);
if (!databaseFile || !backupsDir) {
  process.stderr.write('usage: sqlite-writer-child DB_FILE BACKUPS_DIR\n');
  process.exit(2);
}

const BATCH = 8;

const opened = openDatabase(databaseFile, { backupsDir, now: () => Date.now() });
const store = new Store(opened.db);
process.stdout.write(`open ${opened.notice === null ? 'ok' : `notice ${opened.notice.replace(/\s+/g, ' ')}`}\n`);

function triggerId(): number {
  const existing = store.db.prepare('SELECT id FROM triggers ORDER BY id LIMIT 1').pluck().get() as number | undefined;
  if (existing !== undefined) return existing;
  return store.transaction(() =>
    store.triggers.insert(
      triggerFields('http://127.0.0.1:9/feed.xml', { name: 'Crash writer', consumerParams: { folder: '/nonexistent' } }),
      Date.now(),
    ),
  );
}

const id = triggerId();
process.stdout.write('ready\n');

for (let batch = 0; ; batch += 1) {
  const items: FeedItem[] = [];
  for (let index = 0; index < BATCH; index += 1) {
    const key = `w${process.pid}-${batch}-${index}`;
    items.push({
      key,
      title: `Row ${key}`,
      url: `https://example.org/${key}`,
      contentHtml: `<p>${'x'.repeat(200)}</p>`,
      contentText: 'x'.repeat(200),
      author: null,
      published: new Date().toISOString(),
      tags: [],
      source: 'crash writer',
    });
  }
  const now = Date.now();
  store.transaction(() => {
    store.outbox.insertNew(
      items.map((item) => ({ triggerId: id, item, state: 'pending' as const, reason: null })),
      now,
    );
    store.runs.add({
      at: now,
      triggerId: id,
      triggerName: 'Crash writer',
      kind: 'fetch',
      provider: 'rss',
      consumer: 'markdown',
      outcome: 'ok',
      newCount: items.length,
      publishedCount: 0,
      failedCount: 0,
      message: null,
      durationMs: 0,
    });
  });
  process.stdout.write(items.map((item) => `ack ${item.key}\n`).join(''));
}
