import type { FeedItem } from '../../shared/models';

// Turns an item into the consumer's text: `{{title}}`, `{{url}}`, `{{content}}`, `{{author}}`,
// `{{source}}`, `{{published}}`, `{{tags}}`. The length limit counts graphemes (what Bluesky counts
// and what a person sees); when the text is too long the prose is cut, never a URL.

export const DEFAULT_TEMPLATE = '{{title}}\n{{url}}';

const FIELDS = ['title', 'url', 'content', 'author', 'source', 'published', 'tags'] as const;
type Field = (typeof FIELDS)[number];

function fieldValue(item: FeedItem, field: Field): string {
  switch (field) {
    case 'title':
      return item.title;
    case 'url':
      return item.url ?? '';
    case 'content':
      return (item.contentText ?? '').trim();
    case 'author':
      return item.author ?? '';
    case 'source':
      return item.source ?? '';
    case 'published':
      return item.published ?? '';
    case 'tags':
      return item.tags.map((tag) => `#${tag.replace(/\s+/g, '')}`).join(' ');
  }
}

export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const match of template.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)) {
    const name = match[1] ?? '';
    if (!(FIELDS as readonly string[]).includes(name)) unknown.add(name);
  }
  return [...unknown];
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function graphemeLength(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count += 1;
  return count;
}

function truncateGraphemes(text: string, max: number): string {
  if (max <= 0) return '';
  const parts: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    if (parts.length === max) break;
    parts.push(segment);
  }
  return parts.join('');
}

export interface RenderedText {
  text: string;
  truncated: boolean;
}

export function renderTemplate(template: string, item: FeedItem, maxLength: number | null): RenderedText {
  const source = template.trim() === '' ? DEFAULT_TEMPLATE : template;
  // Render piece by piece so the URL parts are known and can be kept whole when shortening.
  const pieces: Array<{ text: string; keep: boolean }> = [];
  let last = 0;
  for (const match of source.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)) {
    pieces.push({ text: source.slice(last, match.index), keep: false });
    const name = match[1] as Field;
    const value = (FIELDS as readonly string[]).includes(name) ? fieldValue(item, name) : match[0];
    pieces.push({ text: value, keep: name === 'url' });
    last = (match.index ?? 0) + match[0].length;
  }
  pieces.push({ text: source.slice(last), keep: false });
  const full = pieces.map((piece) => piece.text).join('').replace(/\n{3,}/g, '\n\n').trim();
  if (maxLength === null || graphemeLength(full) <= maxLength) return { text: full, truncated: false };

  const kept = pieces.filter((piece) => piece.keep).reduce((sum, piece) => sum + graphemeLength(piece.text), 0);
  let budget = maxLength - kept;
  const shortened: string[] = [];
  let cut = false;
  for (const piece of pieces) {
    if (piece.keep) {
      shortened.push(piece.text);
      continue;
    }
    const length = graphemeLength(piece.text);
    if (!cut && length <= budget) {
      shortened.push(piece.text);
      budget -= length;
    } else if (!cut) {
      // Leave room for the ellipsis; later prose is dropped, later URLs stay.
      shortened.push(`${truncateGraphemes(piece.text, Math.max(0, budget - 1)).trimEnd()}…`);
      budget = 0;
      cut = true;
    }
  }
  let text = shortened.join('').trim();
  if (graphemeLength(text) > maxLength) text = `${truncateGraphemes(text, maxLength - 1)}…`;
  return { text, truncated: true };
}
