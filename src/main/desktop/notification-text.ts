// Notification text comes from feeds and remote servers, so it is untrusted: it may be huge, hold
// control characters, or carry markup. Linux notification servers interpret a subset of markup and
// entities in the body (element-web #3564: a bare `&` made the body vanish), so there the body is
// escaped; macOS and Windows show text as given, and escaping would print a literal "&amp;". The
// summary (title) is plain text in the freedesktop spec and is never escaped.

export const MAX_TITLE_GRAPHEMES = 80;
export const MAX_BODY_GRAPHEMES = 240;
export const MAX_BODY_LINES = 4;
const ELLIPSIS = '…';

export interface NotificationText {
  title: string;
  body: string;
}

export function notificationText(input: NotificationText, platform: NodeJS.Platform): NotificationText {
  const title = truncateGraphemes(oneLine(input.title), MAX_TITLE_GRAPHEMES) || 'Trigger Happy';
  const lines = withoutControls(input.body)
    .split('\n')
    .map((line) => collapseSpaces(line))
    .filter((line) => line !== '');
  const kept = lines.length > MAX_BODY_LINES ? [...lines.slice(0, MAX_BODY_LINES - 1), ELLIPSIS] : lines;
  const body = truncateGraphemes(kept.join('\n'), MAX_BODY_GRAPHEMES);
  // Escape after truncating, so a cut never splits an entity.
  return { title, body: platform === 'linux' ? escapeMarkup(body) : body };
}

/** `&`, `<` and `>` as entities: what the freedesktop body markup (a Pango subset) interprets. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** At most `max` user-perceived characters; never splits an emoji or a combining sequence. */
export function truncateGraphemes(text: string, max: number): string {
  // Cheap exit for the common case; a grapheme is at least one UTF-16 unit.
  if (text.length <= max) return text;
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let count = 0;
  let end = 0;
  for (const { segment, index } of segmenter.segment(text)) {
    if (count === max - 1) {
      // Room for one more: keep it only if it is the last one.
      return index + segment.length === text.length ? text : `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
    }
    count += 1;
    end = index + segment.length;
  }
  return text;
}

function withoutControls(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      // C0 (but newline), DEL, C1 and bidirectional overrides: invisible or reordering, never content.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu, '')
  );
}

function oneLine(text: string): string {
  return collapseSpaces(withoutControls(text).replace(/\n/g, ' '));
}

function collapseSpaces(text: string): string {
  return text.replace(/ {2,}/g, ' ').trim();
}
