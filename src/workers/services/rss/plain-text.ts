import { decodeHTML } from 'entities';

// Titles, authors and tags are shown as text (design.md "Security"): markup in them is dropped,
// entities decoded once more (feeds double-escape titles often enough), whitespace collapsed.
// Stripping with a regex is enough here because the result is never interpreted as HTML.

const INVISIBLE_ELEMENTS = /<(script|style|template|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const BLOCK_BOUNDARY = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|pre|tr|table|section|article|header|footer)\b[^>]*>/gi;
/** A tag, with quoted attribute values that may themselves contain ">" (alt="a<br />b"). */
const TAG = /<\/?[a-z!?](?:[^>"']|"[^"]*"|'[^']*')*>/gi;
/** Second pass for tags whose quotes never close (href="a>): up to the next ">". */
const UNBALANCED_TAG = /<\/?[a-z!?][^>]*>/gi;

/** HTML (or text that may carry markup) as one line of plain text. */
export function htmlToText(html: string): string {
  return decodeHTML(html.replace(INVISIBLE_ELEMENTS, ' ').replace(BLOCK_BOUNDARY, ' ').replace(TAG, '').replace(UNBALANCED_TAG, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text that is already plain (Atom type="text", JSON Feed): only whitespace is tidied. */
export function tidyText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A short excerpt for an item without a title. */
export function excerpt(text: string, maxLength = 100): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
