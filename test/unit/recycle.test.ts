import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/shared/models';
import { migrate } from '../../src/main/engine/store/migrations/index';
import { Store } from '../../src/main/engine/store/store';
import { recycle } from '../../src/main/engine/recycle';

const DAY = 24 * 60 * 60 * 1000;

function feedItem(key: string): FeedItem {
  return { key, title: key, url: null, contentHtml: '<p>x</p>', contentText: 'x', author: null, published: null, tags: [], source: null };
}

describe('daily recycle', () => {
  it('drops old content but keeps keys, trims the log and forgets passed host limits', () => {
    const db = new Database(':memory:');
    migrate(db);
    const store = new Store(db);
    const now = 100 * DAY;
    const triggerId = store.triggers.insert(
      {
        name: 'T',
        enabled: true,
        providerService: 'rss',
        providerAccountId: null,
        providerParams: {},
        sourceKey: 'k',
        consumerService: 'markdown',
        consumerAccountId: null,
        consumerParams: {},
        intervalSeconds: null,
        include: [],
        exclude: [],
        template: '',
        maxPerRun: 10,
        notify: true,
        firstRunLatest: 0,
      },
      0,
    );
    store.outbox.insertNew([{ triggerId, item: feedItem('old'), state: 'pending', reason: null }], now - 40 * DAY);
    store.outbox.insertNew([{ triggerId, item: feedItem('old-pending'), state: 'pending', reason: null }], now - 40 * DAY);
    store.outbox.insertNew([{ triggerId, item: feedItem('new'), state: 'pending', reason: null }], now - DAY);
    const claimed = store.outbox.claim(1);
    store.outbox.markSent(1, claimed?.lease ?? '', now - 39 * DAY, null);
    const run = { triggerId, triggerName: 'T', kind: 'fetch' as const, provider: 'rss', consumer: 'markdown', outcome: 'ok' as const, newCount: 0, publishedCount: 0, failedCount: 0, message: null, durationMs: 1 };
    store.runs.add({ ...run, at: now - 200 * DAY });
    store.runs.add({ ...run, at: now - DAY });
    store.hostLimits.delay('slow.example', now - 1000, 'Retry-After');
    store.hostLimits.delay('busy.example', now + 1000, 'Retry-After');

    const report = recycle(store, now, 30);

    expect(report).toMatchObject({ itemsPruned: 1, runsTrimmed: 1 });
    expect(store.outbox.hasContent(1)).toBe(false); // sent and old: content dropped
    expect(store.outbox.hasContent(2)).toBe(true); // still to publish: kept whatever its age
    expect(store.outbox.knownKeys(triggerId, ['old'])).toEqual(new Set(['old'])); // never new again
    expect(store.runs.list({ limit: 10 })).toHaveLength(1);
    expect(store.hostLimits.notBefore('slow.example')).toBe(0);
    expect(store.hostLimits.notBefore('busy.example')).toBe(now + 1000);
    expect(store.meta.getNumber('last_recycle_at')).toBe(now);
  });
});
