import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { idempotencyKeyFor } from '../../src/main/engine/store/outbox';
import { keyHash } from '../../src/workers/services/markdown/note-file-name';
import { webhookMessageId } from '../../src/workers/services/webhook/standard-webhooks';
import { startHarness, tempDir } from '../support/engine-harness';
import { REPO_ROOT, startKillable, startTsx, type KillableProcess } from '../support/killable-process';
import { startServer } from '../support/loopback-server';
import { numberedItems, rssDocument } from '../support/rss-fixture';
import { seededRandom } from '../support/seeded-random';

// Exactly once as the consumer sees it, and no acknowledged write lost, across `kill -9`
// (reliability.md rows 17 and 18). Child processes are killed at random moments while they write
// or publish, restarted, and killed again; the figures are printed for the reliability note.

const WRITER = path.resolve(import.meta.dirname, '../support/sqlite-writer-child.ts');
const CLI = path.join(REPO_ROOT, 'bin/trigger-happy.js');
const BUILT_CLI = path.join(REPO_ROOT, 'out/main/cli.js');
/** Items per trigger per publish cycle in the publishing tests (the flood guard). */
const MAX_PER_RUN = 5;

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
    const random = seededRandom(17);
    const KILLS = 25;
    const acknowledged: string[] = [];
    const notices: string[] = [];
    const checks: string[] = [];

    for (let life = 0; life < KILLS; life += 1) {
      const child = track(startTsx(WRITER, [databaseFile, backupsDir]));
      const opened = await child.waitForLine((line) => line.startsWith('open '), 30_000);
      if (opened !== 'open ok') notices.push(opened);
      await child.waitForLine((line) => line.startsWith('ack '), 30_000);
      await sleep(Math.floor(random() * 150));
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
      `[row 17] kill -9 of the writer: ${KILLS} kills, ${acknowledged.length} acknowledged rows, ${stored.size} rows stored ` +
        `(${stored.size - acknowledged.length + lost.length} committed but killed before their ack), ${lost.length} acknowledged rows lost, ` +
        `${failedChecks.length} failed quick_check of ${checks.length}`,
    );
    expect(acknowledged.length).toBeGreaterThan(KILLS * 8);
    expect(lost).toEqual([]);
    expect(failedChecks).toEqual([]);
    expect(notices).toEqual([]);
    // Nothing was quarantined as corrupt along the way.
    expect(fs.readdirSync(dir).filter((name) => name.includes('.corrupt-'))).toEqual([]);
  }, 480_000);
});

/** `trigger-happy --data-dir DIR ARGS`, the built headless command. */
function cli(dataDir: string, args: readonly string[]): KillableProcess {
  if (!fs.existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run npm run build first`);
  return track(startKillable(process.execPath, [CLI, '--data-dir', dataDir, ...args]));
}

/** A feed of `count` numbered items on its own loopback host. */
async function feedOf(prefix: string, count: number, host: string) {
  const body = rssDocument(`${prefix} feed`, numberedItems(prefix, count, count));
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(body);
  }, { host });
  cleanups.push(() => server.close());
  return `${server.url}/feed.xml`;
}

/**
 * A fresh data folder with a webhook trigger and a Markdown trigger reading the same feed, each
 * with every item queued by its first run (firstRunLatest = all), so the children only publish.
 */
async function queueEverything(dataDir: string, feedUrl: string, consumers: { webhook: string; folder: string }, count: number) {
  const h = await startHarness({ dataDir });
  try {
    const create = (name: string, consumer: { service: string; params: Record<string, unknown> }) =>
      h.call('triggers.create', { name, provider: { service: 'rss', params: { url: feedUrl } }, consumer, firstRunLatest: count, maxPerRun: MAX_PER_RUN });
    const webhook = await create('To the webhook', { service: 'webhook', params: { url: consumers.webhook } });
    const markdown = await create('To the notes', { service: 'markdown', params: { folder: consumers.folder } });
    await h.engine.runFetch({ all: true });
    for (const trigger of [webhook, markdown]) {
      expect(await h.call('items.list', { triggerId: trigger.id, state: 'pending', limit: 1000 })).toHaveLength(count);
    }
    return { webhookId: webhook.id, markdownId: markdown.id };
  } finally {
    await h.close();
  }
}

function outboxStates(dataDir: string, triggerId: number): Record<string, number> {
  const db = new Database(path.join(dataDir, 'trigger-happy.sqlite3'), { readonly: true, fileMustExist: true });
  try {
    // A row that did not end sent is shown with its last error, so a failure says why.
    const rows = db
      .prepare(`SELECT CASE WHEN state = 'sent' THEN state ELSE state || ': ' || COALESCE(last_error, '') END AS state, COUNT(*) AS count FROM items WHERE trigger_id = ? GROUP BY 1`)
      .all(triggerId) as Array<{ state: string; count: number }>;
    return Object.fromEntries(rows.map((row) => [row.state, row.count]));
  } finally {
    db.close();
  }
}

/**
 * Runs `trigger-happy run` and kills it with SIGKILL a random moment after it has made progress
 * (`progress` fires on each delivery), `kills` times or until `done()`; then restarts the engine
 * once more and lets it publish what is left. Each life's first publish cycle takes at most
 * MAX_PER_RUN items, so the kills land inside a cycle and 40 of them cannot run out of work.
 */
async function killWhilePublishing(options: {
  dataDir: string;
  kills: number;
  progress: EventEmitter;
  /** Deliveries so far (a life counts as started once this grows). */
  delivered: () => number;
  done: () => boolean;
  maxDelayMs: number;
  random: () => number;
}): Promise<{ kills: number; lives: number }> {
  let kills = 0;
  for (let life = 0; life < options.kills && !options.done(); life += 1) {
    const before = options.delivered();
    const child = cli(options.dataDir, ['run']);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => settle(new Error(`run made no progress within 60 s; stderr: ${child.stderr().slice(-2000)}`)), 60_000);
      const onProgress = () => {
        if (options.delivered() > before) settle();
      };
      const onExit = ({ code }: { code: number | null }) => settle(new Error(`run exited (${code}) before publishing: ${child.stderr().slice(-2000)}`));
      function settle(error?: Error) {
        clearTimeout(timer);
        options.progress.off('delivered', onProgress);
        if (error) reject(error);
        else resolve();
      }
      options.progress.on('delivered', onProgress);
      void child.exited.then(onExit);
    });
    await sleep(Math.floor(options.random() * options.maxDelayMs));
    await child.kill9();
    kills += 1;
  }
  // The last restart publishes what is left, in process, one cycle after another.
  const h = await startHarness({ dataDir: options.dataDir });
  try {
    for (let cycle = 0; cycle < 200 && !options.done(); cycle += 1) {
      const report = await h.engine.runPublish({});
      if (report.runs.length === 0) break;
    }
  } finally {
    await h.close();
  }
  return { kills, lives: kills + 1 };
}

describe('crash while publishing (reliability row 18): kill -9 of `trigger-happy run`', () => {
  it('40 kills mid-publish: every item reaches the webhook and the notes folder, none twice as the consumer sees it', async () => {
    const ITEMS = 300;
    const KILLS = 40;
    const random = seededRandom(18);
    const progress = new EventEmitter();

    // The webhook receiver records every delivery as it arrives, then answers after a while, so
    // that kills land between the POST and the commit of `sent`.
    const deliveries: Array<{ id: string; key: string }> = [];
    const receiver = await startServer(
      async (req, res, body) => {
        const payload = JSON.parse(body) as { item: { key: string } };
        deliveries.push({ id: String(req.headers['webhook-id']), key: payload.item.key });
        progress.emit('delivered');
        await sleep(5 + Math.floor(random() * 30));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      },
      { host: '127.0.0.3' },
    );
    cleanups.push(() => receiver.close());
    const folder = path.join(tempDir('th-exactly-once-vault-'), 'notes');
    fs.mkdirSync(folder, { recursive: true });
    const notes = () => fs.readdirSync(folder).filter((name) => name.endsWith('.md'));
    const watcher = fs.watch(folder, (_event, name) => {
      if (name?.endsWith('.md')) progress.emit('delivered');
    });
    cleanups.push(() => Promise.resolve(watcher.close()));

    const dataDir = tempDir('th-exactly-once-');
    const feedUrl = await feedOf('once', ITEMS, '127.0.0.2');
    const { webhookId, markdownId } = await queueEverything(dataDir, feedUrl, { webhook: `${receiver.url}/hook`, folder }, ITEMS);
    const distinctIds = () => new Set(deliveries.map((delivery) => delivery.id)).size;
    const { kills } = await killWhilePublishing({
      dataDir,
      kills: KILLS,
      progress,
      delivered: () => deliveries.length + notes().length,
      done: () => distinctIds() >= ITEMS && notes().length >= ITEMS,
      maxDelayMs: 100,
      random,
    });
    expect(kills).toBe(KILLS);
    const expected = numberedItems('once', ITEMS, ITEMS);

    // Webhook: group deliveries by item; a receiver that dedupes by webhook-id (as Standard
    // Webhooks asks) sees an item twice only if it came with two different ids.
    const expectedIds = new Map(expected.map((item) => [`id:${item.guid}`, webhookMessageId(idempotencyKeyFor(webhookId, `id:${item.guid}`))]));
    const idsPerItem = new Map<string, Set<string>>();
    for (const { id, key } of deliveries) idsPerItem.set(key, (idsPerItem.get(key) ?? new Set()).add(id));
    const redeliveries = deliveries.length - distinctIds();
    const duplicatesSeen = [...idsPerItem.values()].filter((ids) => ids.size > 1).length;
    const lost = [...expectedIds.keys()].filter((key) => !idsPerItem.has(key));
    const unexpected = [...idsPerItem.keys()].filter((key) => !expectedIds.has(key));
    const wrongIds = [...idsPerItem].filter(([key, ids]) => ![...ids].every((id) => id === expectedIds.get(key))).map(([key]) => key);
    console.log(
      `[row 18] webhook: ${ITEMS} items, ${kills} kills, ` +
        `${deliveries.length} deliveries, ${distinctIds()} distinct webhook-ids, ${redeliveries} redeliveries of an already-delivered id, ` +
        `duplicates as a deduping receiver sees them ${duplicatesSeen}, lost ${lost.length}`,
    );

    // Markdown: one note per item, named by the hash of its idempotency key; no temp file left.
    const files = fs.readdirSync(folder);
    const leftovers = files.filter((name) => !name.endsWith('.md'));
    const notesPerUrl = new Map<string, number>();
    for (const name of notes()) {
      const url = /^url: (".*")$/m.exec(fs.readFileSync(path.join(folder, name), 'utf8'))?.[1];
      const key = url === undefined ? `(no url) ${name}` : (JSON.parse(url) as string);
      notesPerUrl.set(key, (notesPerUrl.get(key) ?? 0) + 1);
    }
    const hashes = expected.map((item) => keyHash(idempotencyKeyFor(markdownId, `id:${item.guid}`)));
    const duplicateNotes = [...notesPerUrl.values()].filter((count) => count > 1).length;
    const lostNotes = expected.filter((item) => !notesPerUrl.has(item.link)).map((item) => item.link);
    const misnamed = notes().filter((name) => !hashes.some((hash) => name.endsWith(`-${hash}.md`)));
    console.log(
      `[row 18] Markdown: ${ITEMS} items, ${kills} kills, ` +
        `${notes().length} notes, duplicate notes ${duplicateNotes}, lost ${lostNotes.length}, temp files left ${leftovers.length}`,
    );

    expect(duplicatesSeen).toBe(0);
    expect(lost).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(wrongIds).toEqual([]);
    expect(distinctIds()).toBe(ITEMS);
    expect(outboxStates(dataDir, webhookId)).toEqual({ sent: ITEMS });
    expect(duplicateNotes).toBe(0);
    expect(lostNotes).toEqual([]);
    expect(leftovers).toEqual([]);
    expect(misnamed).toEqual([]);
    expect(notes()).toHaveLength(ITEMS);
    expect(outboxStates(dataDir, markdownId)).toEqual({ sent: ITEMS });
  }, 480_000);
});
