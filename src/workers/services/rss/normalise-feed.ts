import type { AnyFeed, AtomFeed, DcNs, DcTermsNs, JsonFeed, RdfFeed, RssFeed } from 'feedsmith';
import type { FeedItem } from '../../../shared/models';
import type { ItemDemand, SeenItem } from '../../tasks';
import { selectNewItems } from '../select-new-items';
import { firstFeedDate } from './parse-date';
import { itemKey } from './item-key';
import { excerpt, htmlToText, tidyText } from './plain-text';
import { nestedBase, resolveLink } from './resolve-link';

// Every format feedsmith recognises, mapped onto one FeedItem shape. Titles, authors and tags
// become plain text; contentHtml stays raw (untrusted: consumers sanitise or convert it); links
// are absolute http(s) URLs resolved against xml:base and the feed's own URL; dates are ISO or
// null. Without a demand, items keep the order the feed lists them in (newest first for nearly
// every feed); with one, only new items come back, newest first. An item's plain text (the
// costliest step) is computed only for items that come back in full.

/** A huge feed must not flood the outbox: the rest waits for the next fetch (it stays in the feed). */
export const MAX_ITEMS_PER_FETCH = 500;

export interface NormalisedFeed {
  title: string | null;
  /** The site the feed belongs to. */
  link: string | null;
  items: FeedItem[];
  /** With a demand: the new items that only need recording as seen. */
  seen: SeenItem[];
  /** The raw id of each item (guid, Atom id, JSON id), parallel to items, for tests and diagnostics. */
  ids: Array<string | null>;
}

/** A value computed on first use, then kept. */
type Lazy = () => string | null;

function lazy(compute: () => string | null): Lazy {
  let done = false;
  let value: string | null = null;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

const NO_TEXT: Lazy = () => null;

interface Draft {
  id: string | null;
  title: string | null;
  url: string | null;
  contentHtml: string | null;
  contentText: Lazy;
  author: string | null;
  published: string | null;
  tags: string[];
}

function nonEmpty(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}

function uniqueTags(values: Array<string | null | undefined>): string[] {
  const seen = new Map<string, string>();
  for (const value of values) {
    const text = value ? htmlToText(value) : '';
    if (text && !seen.has(text.toLowerCase())) seen.set(text.toLowerCase(), text);
  }
  return [...seen.values()];
}

function dcDates(dc: DcNs.ItemOrFeed<string> | undefined, dcterms: DcTermsNs.ItemOrFeed<string> | undefined): unknown[] {
  return [...(dc?.dates ?? []), ...(dcterms?.issued ?? []), ...(dcterms?.created ?? []), ...(dcterms?.modified ?? []), ...(dcterms?.dates ?? [])];
}

/** RFC 4287 §4.1.3.3: a media type that is neither text nor XML means the value is Base64. */
function isBase64Type(type: string): boolean {
  return type.includes('/') && !type.startsWith('text/') && !type.endsWith('/xml') && !type.endsWith('+xml');
}

function decodeBase64Text(value: string): string | null {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** Atom's text constructs: "text" is literal, "html" and "xhtml" carry markup. */
function atomText(text: AtomFeed.Text | undefined): string | null {
  if (!text?.value) return null;
  const type = (text.type ?? 'text').toLowerCase();
  if (isBase64Type(type)) {
    const decoded = decodeBase64Text(text.value);
    return decoded === null ? null : nonEmpty(htmlToText(decoded));
  }
  return nonEmpty(type === 'text' || type === 'text/plain' ? tidyText(text.value) : htmlToText(text.value));
}

function isHtmlType(type: string | undefined): boolean {
  const value = (type ?? 'text').toLowerCase();
  return value === 'html' || value === 'xhtml' || value.includes('html');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function atomAlternate(links: Array<AtomFeed.Link<string>> | undefined, base: string): string | null {
  const usable = (links ?? []).filter((link) => link.href);
  const alternate = usable.find((link) => !link.rel || link.rel === 'alternate') ?? null;
  return resolveLink(alternate?.href, base);
}

function rssPerson(person: RssFeed.Person | undefined): string | null {
  if (!person) return null;
  return nonEmpty(htmlToText(person.name ?? person.email ?? ''));
}

function fromRssItem(item: RssFeed.Item<string>, channelBase: string): Draft {
  const base = nestedBase(channelBase, item.xml?.base);
  const guid = nonEmpty(item.guid?.value);
  // RSS 2.0: a guid is a permalink unless isPermaLink="false"
  const guidLink = guid && item.guid?.isPermaLink !== false && /^https?:\/\//i.test(guid) ? guid : null;
  const url = resolveLink(item.link, base) ?? resolveLink(guidLink, base) ?? atomAlternate(item.atom?.links, base);
  const html = nonEmpty(item.content?.encoded) ?? nonEmpty(item.description) ?? null;
  return {
    id: guid ?? nonEmpty(item.atom?.id),
    title: nonEmpty(item.title ? htmlToText(item.title) : null) ?? nonEmpty(item.dc?.titles?.[0] ? htmlToText(item.dc.titles[0]) : null) ?? atomText(item.atom?.title),
    url,
    contentHtml: html,
    contentText: html ? lazy(() => nonEmpty(htmlToText(html))) : NO_TEXT,
    author: rssPerson(item.authors?.[0]) ?? nonEmpty(item.dc?.creators?.[0] ? htmlToText(item.dc.creators[0]) : null),
    published: firstFeedDate(item.pubDate, ...dcDates(item.dc, item.dcterms), item.atom?.published, item.atom?.updated),
    tags: uniqueTags([...(item.categories ?? []).map((category) => category.name), ...(item.dc?.subjects ?? [])]),
  };
}

function fromRdfItem(item: RdfFeed.Item<string>, channelBase: string): Draft {
  const base = nestedBase(channelBase, item.xml?.base);
  const html = nonEmpty(item.content?.encoded) ?? nonEmpty(item.description) ?? null;
  return {
    id: nonEmpty(item.rdf?.about),
    title: nonEmpty(item.title ? htmlToText(item.title) : null) ?? nonEmpty(item.dc?.titles?.[0] ? htmlToText(item.dc.titles[0]) : null),
    url: resolveLink(item.link, base) ?? resolveLink(item.rdf?.about, base),
    contentHtml: html,
    contentText: html ? lazy(() => nonEmpty(htmlToText(html))) : NO_TEXT,
    author: nonEmpty(item.dc?.creators?.[0] ? htmlToText(item.dc.creators[0]) : null),
    published: firstFeedDate(...dcDates(item.dc, item.dcterms)),
    tags: uniqueTags(item.dc?.subjects ?? []),
  };
}

function fromAtomEntry(entry: AtomFeed.Entry<string>, feedBase: string, feedAuthor: string | null): Draft {
  const base = nestedBase(feedBase, entry.xml?.base);
  const content = entry.content;
  let contentHtml: string | null = null;
  let contentText = NO_TEXT;
  const body = content?.value ? content : entry.summary;
  const value = body?.value;
  if (body && value) {
    if (isHtmlType(body.type)) {
      contentHtml = value;
      contentText = lazy(() => nonEmpty(htmlToText(value)));
    } else {
      const text = nonEmpty(value.trim());
      contentText = () => text;
      contentHtml = text ? escapeHtml(text) : null;
    }
  }
  return {
    id: nonEmpty(entry.id),
    title: atomText(entry.title),
    url: atomAlternate(entry.links, base) ?? resolveLink(content?.src, base),
    contentHtml,
    contentText,
    author: nonEmpty(entry.authors?.[0]?.name ? htmlToText(entry.authors[0].name) : null) ?? feedAuthor,
    published: firstFeedDate(entry.published, entry.updated, ...dcDates(entry.dc, entry.dcterms)),
    tags: uniqueTags((entry.categories ?? []).map((category) => category.label ?? category.term)),
  };
}

function fromJsonItem(item: JsonFeed.Item<string>, base: string, feedAuthor: string | null): Draft {
  // JSON Feed 1.0 allowed numeric ids and a single `author`; feedsmith keeps what it found.
  const raw = item as JsonFeed.Item<string> & { id?: unknown; author?: JsonFeed.Author };
  const id = typeof raw.id === 'number' ? String(raw.id) : typeof raw.id === 'string' ? raw.id : null;
  const html = nonEmpty(item.content_html);
  const text = nonEmpty(item.content_text);
  return {
    id: nonEmpty(id),
    title: nonEmpty(item.title ? tidyText(item.title) : null),
    url: resolveLink(item.url, base) ?? resolveLink(item.external_url, base),
    contentHtml: html ?? (text ? escapeHtml(text) : null),
    contentText: lazy(() => text ?? (html ? nonEmpty(htmlToText(html)) : null) ?? nonEmpty(item.summary)),
    author: nonEmpty(item.authors?.[0]?.name ?? raw.author?.name) ?? feedAuthor,
    published: firstFeedDate(item.date_published, item.date_modified),
    tags: uniqueTags(item.tags ?? []),
  };
}

/** An item with its identity settled and its text still to compute. */
interface Entry extends SeenItem {
  draft: Draft;
}

/** An untitled item is named by the start of its text (the one case that needs the text early). */
function excerptOf(draft: Draft): string | null {
  const text = draft.contentText();
  return text ? excerpt(text) : null;
}

function identify(draft: Draft): Entry {
  const title = draft.title ?? excerptOf(draft) ?? draft.url ?? 'Untitled';
  // Without HTML the text is cheap to get (absent, or JSON Feed's plain text or summary).
  const content = draft.contentHtml ?? draft.contentText();
  return { key: itemKey({ id: draft.id, url: draft.url, title, content, published: draft.published }), title, url: draft.url, published: draft.published, draft };
}

function complete(entry: Entry, source: string | null): FeedItem {
  const { draft } = entry;
  return {
    key: entry.key,
    title: entry.title,
    url: draft.url,
    contentHtml: draft.contentHtml,
    contentText: draft.contentText(),
    author: draft.author,
    published: draft.published,
    tags: draft.tags,
    source,
  };
}

export interface NormaliseOptions {
  maxItems?: number;
  /** Leave out known items, order newest first, and send only the newest `full` in full. */
  demand?: ItemDemand;
}

export function normaliseFeed(document: AnyFeed, feedUrl: string, options: NormaliseOptions = {}): NormalisedFeed {
  const maxItems = options.maxItems ?? MAX_ITEMS_PER_FETCH;
  let title: string | null;
  let link: string | null;
  let drafts: Draft[];
  switch (document.format) {
    case 'rss': {
      const feed = document.feed;
      const base = nestedBase(feedUrl, feed.xml?.base);
      title = nonEmpty(feed.title ? htmlToText(feed.title) : null) ?? nonEmpty(feed.dc?.titles?.[0] ? htmlToText(feed.dc.titles[0]) : null) ?? atomText(feed.atom?.title);
      link = resolveLink(feed.link, base) ?? atomAlternate(feed.atom?.links, base);
      drafts = (feed.items ?? []).slice(0, maxItems).map((item) => fromRssItem(item, base));
      break;
    }
    case 'rdf': {
      const feed = document.feed;
      const base = nestedBase(feedUrl, feed.xml?.base);
      title = nonEmpty(feed.title ? htmlToText(feed.title) : null) ?? nonEmpty(feed.dc?.titles?.[0] ? htmlToText(feed.dc.titles[0]) : null);
      link = resolveLink(feed.link, base);
      drafts = (feed.items ?? []).slice(0, maxItems).map((item) => fromRdfItem(item, base));
      break;
    }
    case 'atom': {
      const feed = document.feed;
      const base = nestedBase(feedUrl, feed.xml?.base);
      title = atomText(feed.title);
      link = atomAlternate(feed.links, base);
      const feedAuthor = nonEmpty(feed.authors?.[0]?.name ? htmlToText(feed.authors[0].name) : null);
      drafts = (feed.entries ?? []).slice(0, maxItems).map((entry) => fromAtomEntry(entry, base, feedAuthor));
      break;
    }
    case 'json': {
      const feed = document.feed;
      const base = resolveLink(feed.feed_url, feedUrl) ?? feedUrl;
      title = nonEmpty(feed.title ? tidyText(feed.title) : null);
      link = resolveLink(feed.home_page_url, base);
      const feedAuthor = nonEmpty(feed.authors?.[0]?.name ?? (feed as { author?: JsonFeed.Author }).author?.name);
      drafts = (feed.items ?? []).slice(0, maxItems).map((item) => fromJsonItem(item, base, feedAuthor));
      break;
    }
  }
  const entries = drafts.map(identify);
  if (!options.demand) return { title, link, items: entries.map((entry) => complete(entry, title)), seen: [], ids: drafts.map((draft) => draft.id) };
  const selection = selectNewItems(entries, options.demand);
  return {
    title,
    link,
    items: selection.full.map((entry) => complete(entry, title)),
    seen: selection.seen.map(({ key, title: seenTitle, url, published }) => ({ key, title: seenTitle, url, published })),
    ids: selection.full.map((entry) => entry.draft.id),
  };
}
