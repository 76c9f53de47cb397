import { MalformedError, parseOpml as parseOpmlDocument } from 'feedsmith';
import type { Opml } from 'feedsmith';
import type { OpmlOutline, ParseOpmlResult } from '../tasks';

// OPML 1.0/2.0 subscription lists, as exported by every feed reader. feedsmith parses them with
// fast-xml-parser (no entity expansion) and lower-cases attribute names, so xmlUrl, xmlurl and
// XMLURL all arrive as `xmlUrl`. Folders (outlines without a feed URL) become categories.

/** An import is a person's subscriptions; past this the file is hostile or not a subscription list. */
const MAX_OUTLINES = 10_000;
/** Deeper folders are not a real export; stop before recursion becomes a risk. */
const MAX_DEPTH = 32;

type Outline = Opml.Outline<string>;

function httpUrl(value: string | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function label(outline: Outline): string {
  return (outline.title ?? outline.text ?? '').replace(/\s+/g, ' ').trim();
}

/** OPML 2.0's `category` attribute: comma-separated, slash-delimited paths; the first one counts. */
function categoryAttribute(outline: Outline): string[] {
  const first = outline.category?.split(',')[0] ?? '';
  return first.split('/').map((part) => part.trim()).filter(Boolean);
}

function collect(outlines: Outline[] | undefined, folders: string[], depth: number, found: OpmlOutline[]): void {
  if (!outlines || depth > MAX_DEPTH) return;
  for (const outline of outlines) {
    if (found.length >= MAX_OUTLINES) return;
    const title = label(outline);
    if (outline.xmlUrl !== undefined) {
      const xmlUrl = httpUrl(outline.xmlUrl);
      if (xmlUrl) {
        found.push({
          title: title || xmlUrl,
          xmlUrl,
          htmlUrl: httpUrl(outline.htmlUrl),
          categories: folders.length ? folders : categoryAttribute(outline),
        });
      }
    }
    collect(outline.outlines, title ? [...folders, title] : folders, depth + 1, found);
  }
}

export function parseOpml(text: string): ParseOpmlResult {
  let document: Opml.Document<string>;
  try {
    document = parseOpmlDocument(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message =
      error instanceof MalformedError
        ? 'This OPML file is not readable XML'
        : 'Not an OPML file: expected an <opml> document with a <body> of outlines';
    return { ok: false, error: { kind: 'parse', message, permanent: true } };
  }
  const outlines: OpmlOutline[] = [];
  collect(document.body?.outlines, [], 0, outlines);
  const title = document.head?.title?.replace(/\s+/g, ' ').trim();
  return { ok: true, outlines, title: title ? title : null };
}
