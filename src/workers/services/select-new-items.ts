import type { ItemDemand } from '../tasks';

// What a fetch sends back to the engine: new items only, newest first, in full only as far as the
// engine will use them. The engine still checks every key against the outbox, so this is a saving
// (no text conversion, no 40 KB posted back per feed for items already known), never the rule
// that decides what is new.

export interface Candidate {
  key: string;
  published: string | null;
}

export interface Selection<T extends Candidate> {
  /** Newest first. */
  full: T[];
  /** Newest first, all older than `full`. */
  seen: T[];
}

/** Newest first by date; undated items keep the feed's own order. */
export function newestFirst<T extends Candidate>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index, time: item.published ? Date.parse(item.published) : Number.NaN }))
    .sort((a, b) => {
      if (Number.isNaN(a.time) || Number.isNaN(b.time)) return a.index - b.index;
      return b.time - a.time || a.index - b.index;
    })
    .map((entry) => entry.item);
}

export function selectNewItems<T extends Candidate>(candidates: readonly T[], demand: ItemDemand | undefined): Selection<T> {
  const known = new Set(demand?.known ?? []);
  // A feed that lists one item twice publishes it once: the first (newest) copy wins.
  const keys = new Set<string>();
  const fresh = newestFirst(candidates).filter((item) => {
    if (known.has(item.key) || keys.has(item.key)) return false;
    keys.add(item.key);
    return true;
  });
  const limit = demand?.full ?? null;
  if (limit === null || limit >= fresh.length) return { full: fresh, seen: [] };
  return { full: fresh.slice(0, Math.max(0, limit)), seen: fresh.slice(Math.max(0, limit)) };
}
