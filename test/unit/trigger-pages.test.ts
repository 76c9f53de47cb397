import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/engine/store/migrations/index';
import { Store } from '../../src/main/engine/store/store';
import type { TriggerFields } from '../../src/main/engine/store/trigger-store';

// A fetch cycle reads its triggers a page at a time (fetch-cycle.ts), so that 10,000 of them do not
// hold the main thread in one read: the pages must cover every active trigger exactly once.

function fields(index: number, sourceKey: string): TriggerFields {
  return {
    name: `Trigger ${index}`,
    enabled: true,
    providerService: 'rss',
    providerAccountId: null,
    providerParams: { url: `https://example.org/${sourceKey}` },
    sourceKey,
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
  };
}

describe('TriggerStore.activePage', () => {
  it('pages through the active triggers in id order, leaving out disabled and paused ones', () => {
    const db = new Database(':memory:');
    migrate(db);
    const store = new Store(db);
    const ids = Array.from({ length: 11 }, (_, index) => store.triggers.insert(fields(index, `source-${index % 3}`), 1_000));
    store.triggers.setEnabled(ids[4] as number, false, 2_000);
    store.triggers.pause(ids[7] as number, 'Gone (HTTP 410)');
    const seen: number[] = [];
    let afterId = 0;
    for (;;) {
      const page = store.triggers.activePage(afterId, 4);
      expect(page.length).toBeLessThanOrEqual(4);
      seen.push(...page.map((trigger) => trigger.id));
      const last = page.at(-1);
      if (!last || page.length < 4) break;
      afterId = last.id;
    }
    expect(seen).toEqual(ids.filter((id) => id !== ids[4] && id !== ids[7]));
    // The records are whole: a source's triggers can be grouped from them.
    expect(store.triggers.activePage(0, 1)[0]).toMatchObject({ sourceKey: 'source-0', providerParams: { url: 'https://example.org/source-0' } });
  });
});
