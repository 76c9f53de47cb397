import TurndownService from 'turndown';

// Text from a feed is untrusted. Markdown renderers (Obsidian included) pass raw HTML through, so
// besides Markdown's own syntax every `<` in text must become an entity: then no tag, comment or
// autolink can start, whatever the text says. Entity-looking sequences are escaped too, so the
// note shows "&lt;" when the feed said "&lt;" rather than decoding it.

const markdownSyntax = new TurndownService();

export function escapeMarkdownText(text: string): string {
  return markdownSyntax
    .escape(text)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;');
}

/** Plain text (a feed's contentText or a template's output) as Markdown that renders as that text. */
export function plainTextToMarkdown(text: string): string {
  return withoutControlCharacters(text)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escapeMarkdownText(line))
    .join('\n')
    .trim();
}

/** One line of text (a heading, a link label): whitespace, newlines included, collapsed to spaces. */
export function inlineTextToMarkdown(text: string): string {
  return escapeMarkdownText(withoutControlCharacters(text).replace(/\s+/g, ' ').trim());
}

/** C0/C1 controls other than tab and newline have no place in a note (NUL breaks some editors). */
export function withoutControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching controls is the point
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g, '');
}
