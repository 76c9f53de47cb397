import type { FeedItem } from '../../shared/models';

// Include / exclude filters on an item's title and text. A word matches case-insensitively as a
// substring; `/pattern/flags` is a regular expression. Filters run before items enter the outbox,
// and a filtered item is recorded as such so it is not fetched as new again.

export type Matcher = (text: string) => boolean;

export class FilterSyntaxError extends Error {}

export function compileMatcher(word: string): Matcher {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(word);
  if (regex) {
    const [, source = '', flags = ''] = regex;
    let pattern: RegExp;
    try {
      pattern = new RegExp(source, flags.replace(/[gy]/g, '') || 'i');
    } catch (error) {
      throw new FilterSyntaxError(`Invalid pattern ${word}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return (text) => pattern.test(text);
  }
  const needle = word.toLocaleLowerCase();
  return (text) => text.toLocaleLowerCase().includes(needle);
}

export interface ItemFilter {
  /** Null when the item passes, else why it was filtered out. */
  reject(item: FeedItem): string | null;
}

export function compileFilter(include: readonly string[], exclude: readonly string[]): ItemFilter {
  const includes = include.map((word) => ({ word, match: compileMatcher(word) }));
  const excludes = exclude.map((word) => ({ word, match: compileMatcher(word) }));
  return {
    reject(item) {
      const text = `${item.title}\n${item.contentText ?? ''}`;
      if (includes.length > 0 && !includes.some((entry) => entry.match(text))) {
        return `filter: none of ${include.join(', ')}`;
      }
      const excluded = excludes.find((entry) => entry.match(text));
      return excluded ? `filter: contains ${excluded.word}` : null;
    },
  };
}
