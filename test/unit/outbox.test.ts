import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/shared/models';
import { migrate } from '../../src/main/engine/store/migrations/index';
import { idempotencyKeyFor, NEXT_ATTEMPT_SQL, PUBLISHABLE_SQL, STRANDED_SQL } from '../../src/main/engine/store/outbox';
import { Store } from '../../src/main/engine/store/store';

function feedItem(key: string): FeedItem {
  return { key, title: `Item ${key}`, url: `https://example.org/${key}`, contentHtml: null, contentText: null, author: null, published: null, tags: [], source: null };
}

let store: Store;
let triggerId: number;
let database: Database.Database;

beforeEach(() => {
  const db = new Database(':memory:');
  database = db;
  db.pragma('foreign_keys = ON');
  migrate(db);
  store = new Store(db);
  triggerId = store.triggers.insert(
    {
      name: 'Blog',
      enabled: true,
      providerService: 'rss',
      providerAccountId: null,
      providerParams: { url: 'https://example.org/feed' },
      sourceKey: 'rss:https://example.org/feed',
      consumerService: 'markdown',
      consumerAccountId: null,
      consumerParams: { folder: '/tmp/x' },
      intervalSeconds: null,
      include: [],
      exclude: [],
      template: '',
      maxPerRun: 3,
      notify: true,
      firstRunLatest: 0,
    },
    1_000,
  );
});

describe('Outbox', () => {
  it('inserts each key once per trigger: new means new identity', () => {
    const first = store.outbox.insertNew(['a', 'b'].map((key) => ({ triggerId, item: feedItem(key), state: 'pending' as const, reason: null })), 1);
    const second = store.outbox.insertNew(['b', 'c'].map((key) => ({ triggerId, item: feedItem(key), state: 'pending' as const, reason: null })), 2);
    expect(first.map((row) => row.item.key)).toEqual(['a', 'b']);
    expect(second.map((row) => row.item.key)).toEqual(['c']);
  });

  it('hands out at most maxPerRun per trigger, oldest first; the rest wait', () => {
    store.outbox.insertNew(['1', '2', '3', '4', '5'].map((key) => ({ triggerId, item: feedItem(key), state: 'pending' as const, reason: null })), 1);
    const batch = store.outbox.publishable(10);
    expect(batch.map((row) => row.id)).toEqual([1, 2, 3]);
    for (const row of batch) {
      const claimed = store.outbox.claim(row.id);
      if (claimed) store.outbox.markSent(claimed.id, claimed.lease, 11, null);
    }
    expect(store.outbox.publishable(12).map((row) => row.id)).toEqual([4, 5]);
  });

  it('claims under a lease: a second claim and a stale lease both fail', () => {
    store.outbox.insertNew([{ triggerId, item: feedItem('a'), state: 'pending', reason: null }], 1);
    const claimed = store.outbox.claim(1);
    expect(claimed?.idempotencyKey).toBe(idempotencyKeyFor(triggerId, 'a'));
    expect(store.outbox.claim(1)).toBeNull();
    expect(store.outbox.markSent(1, 'not-the-lease', 2, null)).toBe(false);
    expect(store.outbox.markSent(1, claimed?.lease ?? '', 2, 'remote-1')).toBe(true);
    expect(store.outbox.get(1)?.state).toBe('sent');
  });

  it('puts rows a crash left in sending back in the queue with the same key', () => {
    store.outbox.insertNew([{ triggerId, item: feedItem('a'), state: 'pending', reason: null }], 1);
    const before = store.outbox.claim(1, 999_999, 1_000);
    expect(store.outbox.recoverSending(5, () => false)).toBe(1);
    expect(store.outbox.get(1)?.state).toBe('retry');
    const after = store.outbox.claim(1);
    expect(after?.idempotencyKey).toBe(before?.idempotencyKey);
    expect(after?.lease).not.toBe(before?.lease);
    // The try the crash interrupted does not count: an item caught by many crashes is not given up.
    expect(after?.attempts).toBe(1);
  });

  it('leaves rows another live process is sending, until its lease runs out', () => {
    store.outbox.insertNew([{ triggerId, item: feedItem('a'), state: 'pending', reason: null }], 1);
    store.outbox.claim(1, 999_999, 1_000);
    expect(store.outbox.recoverSending(500, () => true)).toBe(0);
    expect(store.outbox.get(1)?.state).toBe('sending');
    expect(store.outbox.recoverSending(1_000, () => true)).toBe(1);
  });

  it('leaves its own in-flight rows, but takes back rows a previous process with the same pid left', () => {
    store.outbox.insertNew(['a', 'b'].map((key) => ({ triggerId, item: feedItem(key), state: 'pending' as const, reason: null })), 1);
    store.outbox.claim(1, process.pid, 1_000);
    // Row 2 was left by an earlier process that happened to have our pid (containers reuse pids).
    store.db.prepare(`UPDATE items SET state = 'sending', lease = 'old-life', lease_owner = ?, lease_until = 1000 WHERE id = 2`).run(process.pid);
    expect(store.outbox.recoverSending(5, () => true)).toBe(1);
    expect(store.outbox.get(1)?.state).toBe('sending');
    expect(store.outbox.get(2)?.state).toBe('retry');
  });

  it('does not count a rate-limit wait as an attempt', () => {
    store.outbox.insertNew([{ triggerId, item: feedItem('a'), state: 'pending', reason: null }], 1);
    const claimed = store.outbox.claim(1);
    store.outbox.markRetry(1, claimed?.lease ?? '', 100, '429', false);
    expect(store.outbox.get(1)).toMatchObject({ state: 'retry', attempts: 0, nextAttemptAt: 100 });
    expect(store.outbox.publishable(99)).toEqual([]);
    expect(store.outbox.publishable(100)).toHaveLength(1);
  });

  it('puts a claimed row that was never sent back as it was: state, attempts, time and last error', () => {
    store.outbox.insertNew(['new', 'failing'].map((key) => ({ triggerId, item: feedItem(key), state: 'pending' as const, reason: null })), 1);
    const failing = store.outbox.claim(2);
    store.outbox.markRetry(2, failing?.lease ?? '', 50, 'HTTP 500', true);

    const fresh = store.outbox.claim(1);
    const again = store.outbox.claim(2);
    expect(again?.attempts).toBe(2);
    expect(store.outbox.release(1, fresh?.lease ?? '')).toBe(true);
    expect(store.outbox.release(2, again?.lease ?? '')).toBe(true);
    expect(store.outbox.get(1)).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: null, lastError: null });
    expect(store.outbox.get(2)).toMatchObject({ state: 'retry', attempts: 1, nextAttemptAt: 50, lastError: 'HTTP 500' });
    // A stale lease changes nothing, and a released row is claimable again.
    expect(store.outbox.release(1, fresh?.lease ?? '')).toBe(false);
    expect(store.outbox.publishable(60).map((row) => row.id)).toEqual([1, 2]);
    expect(store.outbox.recoverSending(60, () => false)).toBe(0);
  });

  it('finds the queue through its index, never by reading every item ever seen', () => {
    const queries: Array<[string, object]> = [
      [PUBLISHABLE_SQL, { now: 0, triggerId: null }],
      [STRANDED_SQL, {}],
      [NEXT_ATTEMPT_SQL, {}],
    ];
    for (const [sql, params] of queries) {
      const plan = (database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((row) => row.detail);
      expect(plan.some((step) => /SEARCH i USING (COVERING )?INDEX items_publishable/.test(step))).toBe(true);
      expect(plan.some((step) => /^SCAN (i|items)\b/.test(step))).toBe(false);
    }
  });

  it('keeps seen and filtered rows so they are never new again; filtered ones can still be sent', () => {
    store.outbox.insertNew(
      [
        { triggerId, item: feedItem('seen'), state: 'skipped', reason: 'baseline' },
        { triggerId, item: feedItem('out'), state: 'filtered', reason: 'filter: contains x' },
      ],
      1,
    );
    expect(store.outbox.get(1)?.canSend).toBe(false); // baseline: key only
    expect(store.outbox.get(2)?.canSend).toBe(true); // filtered: the user may send it anyway
    expect(store.outbox.knownKeys(triggerId, ['seen', 'out', 'new'])).toEqual(new Set(['seen', 'out']));
    expect(store.outbox.list({ limit: 10 }).map((row) => [row.state, row.reason])).toEqual([
      ['filtered', 'filter: contains x'],
      ['skipped', 'baseline'],
    ]);
  });

  it('lets the user skip and resend', () => {
    store.outbox.insertNew([{ triggerId, item: feedItem('a'), state: 'pending', reason: null }], 1);
    expect(store.outbox.skip(1)).toBe(true);
    expect(store.outbox.publishable(10)).toEqual([]);
    expect(store.outbox.resend(1, 20)).toBe(true);
    expect(store.outbox.publishable(20)).toHaveLength(1);
  });

  it('drops rows with their trigger', () => {
    store.outbox.insertNew([{ triggerId, item: feedItem('a'), state: 'pending', reason: null }], 1);
    store.triggers.remove(triggerId);
    expect(store.outbox.list({ limit: 10 })).toEqual([]);
  });
});
