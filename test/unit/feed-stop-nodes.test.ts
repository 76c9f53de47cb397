import { describe, expect, it } from 'vitest';
import { normaliseFeed } from '../../src/workers/services/rss/normalise-feed';
import { parseFeedDocument } from '../../src/workers/services/rss/parse-feed-document';

// Markup written straight into an item's content (not escaped, not in CDATA) is kept as the
// item's HTML: the XML parser treats those elements as "stop nodes" and reads their inside as
// text. Our patch to fast-xml-parser (patches/) compiles a parser's stop nodes once and shares
// them between the documents it parses, so every document must still get them, not only the first.

function rss(title: string, html: string): string {
  return `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel><title>${title}</title><link>https://example.org/</link>
    <item><title>${title} item</title><link>https://example.org/${title}</link><guid>${title}</guid>
      <description>${html}</description>
      <content:encoded>${html}</content:encoded>
    </item>
  </channel>
</rss>`;
}

function atom(title: string, html: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${title}</title><id>urn:${title}</id><updated>2026-11-30T00:00:00Z</updated>
  <entry><title>${title} entry</title><id>urn:${title}:1</id><updated>2026-11-30T00:00:00Z</updated>
    <link href="https://example.org/${title}"/><content type="html">${html}</content></entry>
</feed>`;
}

function firstItemContent(text: string): string | null {
  const parsed = parseFeedDocument(text, 'application/xml');
  if (!parsed.ok) throw new Error(parsed.message);
  return normaliseFeed(parsed.parsed, 'https://example.org/feed').items[0]?.contentHtml ?? null;
}

describe('markup inside item content', () => {
  it('is kept as HTML in every document a parser reads, RSS and Atom in turn', () => {
    const documents = [
      rss('one', '<p>First <b>bold</b> words</p>'),
      atom('two', '<p>Second <i>italic</i> words</p>'),
      rss('three', '<p>Third <a href="https://example.org/x">link</a></p>'),
      atom('four', '<p>Fourth <em>stress</em></p>'),
      rss('five', '<ul><li>Fifth</li></ul>'),
    ];
    const contents = documents.map(firstItemContent);
    expect(contents[0]).toContain('First <b>bold</b> words');
    expect(contents[1]).toContain('Second <i>italic</i> words');
    expect(contents[2]).toContain('Third <a href="https://example.org/x">link</a>');
    expect(contents[3]).toContain('Fourth <em>stress</em>');
    expect(contents[4]).toContain('<li>Fifth</li>');
  });
});
