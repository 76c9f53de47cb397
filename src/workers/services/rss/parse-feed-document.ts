import { MalformedError, parseFeed } from 'feedsmith';
import type { AnyFeed } from 'feedsmith';

// Text to a parsed feed, or a sentence saying what the document was instead. feedsmith parses
// XML with fast-xml-parser without entity expansion (no billion laughs, no XXE) and recognises
// RSS 0.9x/2.0, RSS 1.0/RDF, Atom 0.3/1.0 and JSON Feed 1.0/1.1.

export type ParsedFeedDocument = { ok: true; parsed: AnyFeed } | { ok: false; message: string };

function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** What a document that is not a feed looks like, in words a person can act on. */
/** Why the XML parser gave up, when the reason is worth telling the user. */
export type MalformedReason = 'external-entities' | 'unreadable';

export function describeNonFeed(text: string, contentType: string | null | undefined, malformed?: MalformedReason): string {
  const type = mediaType(contentType);
  const shown = type ? ` (${type})` : '';
  const start = text.replace(/^\uFEFF/, '').trimStart().slice(0, 2048);
  if (!start) return `Not a feed: the response was empty${shown}`;
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<!doctype\s+html|<html[\s>]/i.test(start) || type === 'text/html' || type === 'application/xhtml+xml') {
    return `Not a feed: got an HTML page${shown}`;
  }
  if (start.startsWith('{') || start.startsWith('[')) {
    try {
      JSON.parse(text);
      return `Not a feed: got JSON that is not a JSON Feed${shown}`;
    } catch {
      return `Not a feed: got malformed JSON${shown}`;
    }
  }
  if (start.startsWith('<')) {
    const root = /<([A-Za-z_][\w.:-]*)[\s/>]/.exec(start.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![A-Z][^>]*>/g, ''))?.[1];
    if (malformed && root && /^(rss|feed|rdf:rdf)$/i.test(root)) {
      if (malformed === 'external-entities') return `Not a feed: the <${root}> document declares external entities, which are refused${shown}`;
      return `Not a feed: the <${root}> document could not be parsed as XML${shown}`;
    }
    return root ? `Not a feed: got an XML document whose root is <${root}>${shown}` : `Not a feed: got unreadable XML${shown}`;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what marks binary data
  if (/[\u0000-\u0008\u000E-\u001F]/.test(start)) return `Not a feed: got binary data${shown}`;
  return `Not a feed: got text that is neither XML nor JSON${shown}`;
}

/** A transfer cut off inside the final close tag ("…</channel></rss") is the one repair we try. */
const TRUNCATED_FINAL_TAG = /<\/[A-Za-z_][\w.:-]*\s*$/;

function tryParse(text: string): { parsed: AnyFeed } | { error: unknown } {
  try {
    return { parsed: parseFeed(text) };
  } catch (error) {
    return { error };
  }
}

function malformedReason(error: unknown): MalformedReason | undefined {
  if (!(error instanceof MalformedError)) return undefined;
  const cause = error.cause instanceof Error ? error.cause.message : '';
  return /external entit/i.test(cause) ? 'external-entities' : 'unreadable';
}

export function parseFeedDocument(text: string, contentType: string | null | undefined): ParsedFeedDocument {
  const source = text.replace(/^\uFEFF/, '');
  let attempt = tryParse(source);
  if ('error' in attempt && attempt.error instanceof MalformedError && TRUNCATED_FINAL_TAG.test(source)) {
    attempt = tryParse(`${source.trimEnd()}>`);
  }
  if ('parsed' in attempt) return { ok: true, parsed: attempt.parsed };
  return { ok: false, message: describeNonFeed(source, contentType, malformedReason(attempt.error)) };
}
