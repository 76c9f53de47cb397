// Builds RSS 2.0 documents for loopback feed servers: deterministic items, newest first.

export interface FixtureItem {
  guid: string;
  title: string;
  link: string;
  description?: string;
  pubDate?: Date;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function rssDocument(title: string, items: readonly FixtureItem[], link = 'https://example.org/'): string {
  const entries = items
    .map(
      (item) => `    <item>
      <title>${escapeXml(item.title)}</title>
      <link>${escapeXml(item.link)}</link>
      <guid isPermaLink="false">${escapeXml(item.guid)}</guid>
      ${item.pubDate ? `<pubDate>${item.pubDate.toUTCString()}</pubDate>` : ''}
      <description>${escapeXml(item.description ?? `<p>${item.title}</p>`)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escapeXml(title)}</title>
    <link>${escapeXml(link)}</link>
    <description>${escapeXml(title)}</description>
${entries}
  </channel>
</rss>
`;
}

/** Items numbered from `from` down to `from - count + 1` (newest first), a minute apart. */
export function numberedItems(prefix: string, from: number, count: number, base = Date.parse('2026-11-01T00:00:00Z')): FixtureItem[] {
  const items: FixtureItem[] = [];
  for (let n = from; n > from - count && n > 0; n -= 1) {
    items.push({
      guid: `${prefix}-${n}`,
      title: `${prefix} post ${n}`,
      link: `https://example.org/${prefix}/${n}`,
      description: `<p>Body of ${prefix} post ${n}</p>`,
      pubDate: new Date(base + n * 60_000),
    });
  }
  return items;
}
