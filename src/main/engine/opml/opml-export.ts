import type { TriggerView } from '../../../shared/models';
import { escapeXmlAttribute, escapeXmlText } from './xml-escape';

// OPML 2.0 export: the subscription list other feed readers import. Only feed triggers have a
// place in it, and a feed read by several triggers (one per consumer) is one subscription, so
// there is one outline per distinct feed URL, named after the first trigger that reads it.
// Consumers, filters and secrets stay out: the file is meant to be shared.

interface FeedOutline {
  url: string;
  name: string;
}

function feedUrlOf(trigger: TriggerView): string | null {
  if (trigger.provider.service !== 'rss') return null;
  const url = trigger.provider.params.url;
  return typeof url === 'string' && url.trim() !== '' ? url.trim() : null;
}

/** Feed URLs in first-seen order, each once. */
export function distinctFeeds(triggers: readonly TriggerView[]): FeedOutline[] {
  const feeds = new Map<string, FeedOutline>();
  for (const trigger of triggers) {
    const url = feedUrlOf(trigger);
    if (url !== null && !feeds.has(url)) feeds.set(url, { url, name: trigger.name });
  }
  return [...feeds.values()];
}

export function buildOpml(triggers: readonly TriggerView[], title: string): string {
  const outlines = distinctFeeds(triggers).map((feed) => {
    const name = escapeXmlAttribute(feed.name);
    return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeXmlAttribute(feed.url)}"/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXmlText(title)}</title>`,
    '  </head>',
    outlines.length > 0 ? '  <body>' : '  <body/>',
    ...outlines,
    ...(outlines.length > 0 ? ['  </body>'] : []),
    '</opml>',
    '',
  ].join('\n');
}
