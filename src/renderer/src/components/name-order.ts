// Sorting by name the way people read lists (case- and accent-aware, "Feed 2" before "Feed 10").
// One shared Intl.Collator: String.prototype.localeCompare builds its comparison state on every
// call, which made sorting 3,600 trigger names take a noticeable fraction of a second.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function byName<T extends { name: string }>(a: T, b: T): number {
  return collator.compare(a.name, b.name);
}
