import { describe, expect, it } from 'vitest';
import { newestFirst, selectNewItems } from '../../src/workers/services/select-new-items';

// What a fetch sends back: new items only, newest first, and in full only as many as the engine
// will publish (a first run records the rest as seen).

const item = (key: string, published: string | null) => ({ key, published });
const keys = (items: ReadonlyArray<{ key: string }>) => items.map((entry) => entry.key);

describe('newestFirst', () => {
  it('orders by date, newest first, whatever order the feed lists them in', () => {
    const items = [item('old', '2026-11-01T00:00:00Z'), item('new', '2026-11-03T00:00:00Z'), item('mid', '2026-11-02T00:00:00Z')];
    expect(keys(newestFirst(items))).toEqual(['new', 'mid', 'old']);
  });

  it("keeps the feed's order for undated items and for equal dates", () => {
    const items = [item('a', null), item('b', null), item('c', '2026-11-02T00:00:00Z'), item('d', '2026-11-02T00:00:00Z')];
    expect(keys(newestFirst(items))).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('selectNewItems', () => {
  const feed = [item('p3', '2026-11-03T00:00:00Z'), item('p2', '2026-11-02T00:00:00Z'), item('p1', '2026-11-01T00:00:00Z'), item('p4', '2026-11-04T00:00:00Z')];

  it('without a demand returns every item in full, newest first', () => {
    expect(keys(selectNewItems(feed, undefined).full)).toEqual(['p4', 'p3', 'p2', 'p1']);
    expect(selectNewItems(feed, undefined).seen).toEqual([]);
  });

  it('leaves out the items the engine already has', () => {
    const selection = selectNewItems(feed, { known: ['p1', 'p2', 'p3'], full: null });
    expect(keys(selection.full)).toEqual(['p4']);
    expect(selection.seen).toEqual([]);
  });

  it('sends only the newest N in full on a first run, the older ones as seen', () => {
    const selection = selectNewItems(feed, { known: [], full: 1 });
    expect(keys(selection.full)).toEqual(['p4']);
    expect(keys(selection.seen)).toEqual(['p3', 'p2', 'p1']);
    expect(keys(selectNewItems(feed, { known: [], full: 0 }).seen)).toEqual(['p4', 'p3', 'p2', 'p1']);
    expect(keys(selectNewItems(feed, { known: [], full: 10 }).full)).toHaveLength(4);
  });

  it('counts the first-run limit among new items only', () => {
    const selection = selectNewItems(feed, { known: ['p4'], full: 2 });
    expect(keys(selection.full)).toEqual(['p3', 'p2']);
    expect(keys(selection.seen)).toEqual(['p1']);
  });

  it('returns an item a feed lists twice once, the newest copy', () => {
    const twice = [item('same', '2026-11-01T00:00:00Z'), { ...item('same', '2026-11-05T00:00:00Z'), copy: 'newest' }, item('other', '2026-11-02T00:00:00Z')];
    const selection = selectNewItems(twice, { known: [], full: null });
    expect(keys(selection.full)).toEqual(['same', 'other']);
    expect(selection.full[0]).toMatchObject({ copy: 'newest' });
  });
});
