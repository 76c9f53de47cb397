import { describe, expect, it } from 'vitest';
import { ACTIVE_PAGE_SQL } from '../../src/main/engine/store/trigger-store';
import { memoryStore } from '../support/memory-store';
import { triggerFields } from '../support/trigger-fields';

// A fetch cycle reads its triggers a page at a time (fetch-cycle.ts), so that 10,000 of them do not
// hold the main thread in one read: the pages must cover every active trigger exactly once.

describe('TriggerStore.activePage', () => {
  it('pages through the active triggers in id order, leaving out disabled and paused ones', () => {
    const store = memoryStore();
    const ids = Array.from({ length: 11 }, (_, index) => store.triggers.insert(triggerFields(`https://example.org/${index % 3}`, { name: `Trigger ${index}` }), 1_000));
    store.triggers.setEnabled(ids[4] as number, false, 2_000);
    store.triggers.pause(ids[7] as number, 'Gone (HTTP 410)');
    const seen: number[] = [];
    let afterId = 0;
    // Nine active triggers in pages of 3: the last page comes back empty.
    for (;;) {
      const page = store.triggers.activePage(afterId, 3);
      expect(page.length).toBeLessThanOrEqual(3);
      seen.push(...page.map((trigger) => trigger.id));
      const last = page.at(-1);
      if (!last) break;
      afterId = last.id;
    }
    expect(seen).toEqual(ids.filter((id) => id !== ids[4] && id !== ids[7]));
    // The records are whole: a source's triggers can be grouped from them.
    expect(store.triggers.activePage(0, 1)[0]).toMatchObject({ sourceKey: 'rss:https://example.org/0', providerParams: { url: 'https://example.org/0' } });
  });

  it('reads a page along the primary key, not every active trigger sorted', () => {
    const store = memoryStore();
    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${ACTIVE_PAGE_SQL}`).all(0, 512) as Array<{ detail: string }>).map((row) => row.detail);
    expect(plan.join(' | ')).toMatch(/USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    expect(plan.join(' | ')).not.toMatch(/TEMP B-TREE/);
  });
});
