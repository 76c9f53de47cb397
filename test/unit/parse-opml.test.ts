import { describe, expect, it } from 'vitest';
import { parseOpml } from '../../src/workers/opml/parse-opml';

describe('parseOpml', () => {
  it('reads OPML 2.0 with nested folders as categories', () => {
    const result = parseOpml(`<?xml version="1.0" encoding="UTF-8"?>
      <opml version="2.0">
        <head><title>My  subscriptions</title></head>
        <body>
          <outline text="Django" type="rss" xmlUrl="https://www.djangoproject.com/rss/weblog/" htmlUrl="https://www.djangoproject.com/"/>
          <outline text="Tech">
            <outline text="News">
              <outline text="LWN &amp; co" title="LWN.net" type="rss" xmlUrl="https://lwn.net/headlines/rss"/>
            </outline>
            <outline text="Hacker News" xmlUrl="https://news.ycombinator.com/rss" htmlUrl="javascript:alert(1)"/>
          </outline>
        </body>
      </opml>`);
    expect(result).toEqual({
      ok: true,
      title: 'My subscriptions',
      outlines: [
        { title: 'Django', xmlUrl: 'https://www.djangoproject.com/rss/weblog/', htmlUrl: 'https://www.djangoproject.com/', categories: [] },
        { title: 'LWN.net', xmlUrl: 'https://lwn.net/headlines/rss', htmlUrl: null, categories: ['Tech', 'News'] },
        { title: 'Hacker News', xmlUrl: 'https://news.ycombinator.com/rss', htmlUrl: null, categories: ['Tech'] },
      ],
    });
  });

  it('reads OPML 1.0 with lower-case xmlurl and skips absent or invalid URLs', () => {
    const result = parseOpml(`<opml version="1.0"><head/><body>
      <outline text="lower" xmlurl="http://example.org/feed.xml"/>
      <outline text="UPPER" XMLURL="http://example.org/upper.xml"/>
      <outline text="no url"/>
      <outline text="empty" xmlUrl=""/>
      <outline text="relative" xmlUrl="/feed.xml"/>
      <outline text="file" xmlUrl="file:///etc/passwd"/>
      <outline text="js" xmlUrl="javascript:alert(1)"/>
      <outline xmlUrl="https://example.org/untitled.xml"/>
    </body></opml>`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.title).toBeNull();
    expect(result.outlines.map((outline) => [outline.title, outline.xmlUrl])).toEqual([
      ['lower', 'http://example.org/feed.xml'],
      ['UPPER', 'http://example.org/upper.xml'],
      ['https://example.org/untitled.xml', 'https://example.org/untitled.xml'],
    ]);
  });

  it('uses the OPML 2.0 category attribute when the outline is not in a folder', () => {
    const result = parseOpml(`<opml version="2.0"><body><outline text="w" xmlUrl="https://example.org/w" category="/Boston/Weather,/Other"/></body></opml>`);
    expect(result.ok && result.outlines[0]?.categories).toEqual(['Boston', 'Weather']);
  });

  it('does not expand entities (billion laughs) or read external ones (XXE)', () => {
    const result = parseOpml(`<?xml version="1.0"?>
      <!DOCTYPE opml [
        <!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
        <!ENTITY xxe SYSTEM "file:///etc/hostname">
      ]>
      <opml version="2.0"><head><title>&lol3;</title></head><body><outline text="&xxe;" xmlUrl="https://example.org/f"/></body></opml>`);
    const serialised = JSON.stringify(result);
    expect(serialised.length).toBeLessThan(1000);
    expect(serialised).not.toContain('lollol');
  });

  it('refuses unreadable XML and documents that are not OPML with a clear message', () => {
    expect(parseOpml('<opml version="2.0"><body><outline text="a" xmlUrl="https://a/"')).toEqual({
      ok: false,
      error: { kind: 'parse', message: 'This OPML file is not readable XML', permanent: true },
    });
    for (const text of ['', 'just text', '<rss version="2.0"><channel/></rss>', '{"opml": true}']) {
      const result = parseOpml(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/^(Not an OPML file|This OPML file is not readable XML)/);
    }
  });
});
