import { withoutControlCharacters } from './markdown-escape';

// Tags as notes apps read them: no leading '#', no spaces (Obsidian ends a tag at a space), each
// tag once whatever its case, the trigger's own tags first.

export function noteTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of tags) {
    const tag = withoutControlCharacters(raw).trim().replace(/^#+/, '').replace(/\s+/g, '-');
    const identity = tag.toLowerCase();
    if (tag === '' || seen.has(identity)) continue;
    seen.add(identity);
    result.push(tag);
  }
  return result;
}
