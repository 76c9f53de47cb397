import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { TriggerView } from '../../src/shared/models';
import { buildOpml, distinctFeeds } from '../../src/main/engine/opml/opml-export';
import { triggerInputsFromOutlines } from '../../src/main/engine/opml/opml-import';
import { parseOpml } from '../../src/workers/opml/parse-opml';
import type { OpmlOutline } from '../../src/workers/tasks';

// OPML export and import as pure functions: what the engine's 'opml.export' and 'opml.import'
// handlers do around the database. The export is checked with a strict XML parser (jsdom's
// DOMParser reports any well-formedness error) and with the import's own parser.

let nextId = 1;
function feedTrigger(name: string, url: string, consumer: TriggerView['consumer'] = markdownTo('/notes')): TriggerView {
  const id = nextId++;
  return {
    id,
    name,
    enabled: true,
    provider: { service: 'rss', accountId: null, params: { url }, secretsSet: [] },
    consumer,
    intervalSeconds: null,
    include: [],
    exclude: [],
    template: '',
    maxPerRun: 10,
    notify: true,
    firstRunLatest: 0,
    createdAt: 0,
    updatedAt: 0,
    baselineAt: null,
    nextFetchAt: null,
    consecutiveFailures: 0,
    pausedReason: null,
    lastRun: null,
    counts: { pending: 0, sent: 0, failed: 0, total: 0 },
  };
}

function markdownTo(folder: string, extra: Record<string, unknown> = {}): TriggerView['consumer'] {
  return { service: 'markdown', accountId: null, params: { folder, subfolder: '', tags: [], ...extra }, secretsSet: [] };
}

function strictXml(text: string): Document {
  const document = new new JSDOM('').window.DOMParser().parseFromString(text, 'application/xml');
  const error = document.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`Not well-formed XML: ${error.textContent ?? ''}`);
  return document;
}

function outline(xmlUrl: string, title = ''): OpmlOutline {
  return { title, xmlUrl, htmlUrl: null, categories: [] };
}

describe('buildOpml', () => {
  const hostile = 'Tom & Jerry\'s "<b>news</b>"\u0001\tand\nmore';
  const triggers = [
    feedTrigger('Django weblog', 'https://www.djangoproject.com/rss/weblog/'),
    feedTrigger(hostile, 'https://example.org/feed?a=1&b=<2>'),
    // The same feed to a second consumer is the same subscription.
    feedTrigger('Django to webhook', 'https://www.djangoproject.com/rss/weblog/', {
      service: 'webhook',
      accountId: null,
      params: { url: 'http://127.0.0.1/hook' },
      secretsSet: ['secret'],
    }),
    { ...feedTrigger('Not a feed', 'https://example.org/x'), provider: { service: 'mastodon', accountId: 1, params: { url: 'https://x' }, secretsSet: [] } },
  ];

  it('writes well-formed OPML 2.0 with one outline per distinct feed URL', () => {
    const document = strictXml(buildOpml(triggers, 'My feeds & more'));
    expect(document.documentElement.getAttribute('version')).toBe('2.0');
    expect(document.getElementsByTagName('title')[0]?.textContent).toBe('My feeds & more');
    const outlines = [...document.getElementsByTagName('outline')];
    expect(outlines.map((element) => element.getAttribute('xmlUrl'))).toEqual([
      'https://www.djangoproject.com/rss/weblog/',
      'https://example.org/feed?a=1&b=<2>',
    ]);
    expect(outlines.every((element) => element.getAttribute('type') === 'rss')).toBe(true);
  });

  it('keeps names exactly, minus the characters XML cannot carry', () => {
    const document = strictXml(buildOpml(triggers, 't'));
    const second = document.getElementsByTagName('outline')[1];
    expect(second?.getAttribute('text')).toBe('Tom & Jerry\'s "<b>news</b>"\tand\nmore');
    expect(second?.getAttribute('title')).toBe(second?.getAttribute('text'));
  });

  it('names each feed after the first trigger that reads it', () => {
    expect(distinctFeeds(triggers).map((feed) => feed.name)).toEqual(['Django weblog', hostile]);
  });

  it('writes a valid document with no feeds', () => {
    const document = strictXml(buildOpml([], 'Empty'));
    expect(document.getElementsByTagName('outline')).toHaveLength(0);
  });

  it('round-trips through the import parser: same URLs, same names', () => {
    const parsed = parseOpml(buildOpml(triggers, 'Round trip'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.title).toBe('Round trip');
    expect(parsed.outlines.map((entry) => entry.xmlUrl)).toEqual(distinctFeeds(triggers).map((feed) => new URL(feed.url).href));
    expect(parsed.outlines[0]?.title).toBe('Django weblog');
  });
});

describe('triggerInputsFromOutlines', () => {
  const consumer = { service: 'markdown', accountId: null, params: { folder: '/notes' } };

  it('makes one feed trigger per outline, named after its title or else its host', () => {
    const plan = triggerInputsFromOutlines(
      [outline('https://www.djangoproject.com/rss/weblog/', '  Django\n weblog '), outline('https://blog.example.org/feed.xml')],
      { consumer, intervalSeconds: 3600, firstRunLatest: 2 },
      [],
    );
    expect(plan.skipped).toEqual([]);
    expect(plan.inputs).toEqual([
      {
        name: 'Django weblog',
        provider: { service: 'rss', accountId: null, params: { url: 'https://www.djangoproject.com/rss/weblog/' } },
        consumer,
        intervalSeconds: 3600,
        firstRunLatest: 2,
      },
      {
        name: 'blog.example.org',
        provider: { service: 'rss', accountId: null, params: { url: 'https://blog.example.org/feed.xml' } },
        consumer,
        intervalSeconds: 3600,
        firstRunLatest: 2,
      },
    ]);
  });

  it('leaves the interval out when none is given, so the setting applies', () => {
    const plan = triggerInputsFromOutlines([outline('https://example.org/feed')], { consumer, firstRunLatest: 0 }, []);
    expect(plan.inputs[0]).not.toHaveProperty('intervalSeconds');
  });

  it('skips a URL listed twice in the file, in any spelling', () => {
    const plan = triggerInputsFromOutlines(
      [outline('https://Example.org:443/feed', 'A'), outline('https://example.org/feed', 'B'), outline(' https://example.org/feed ', 'C')],
      { consumer, firstRunLatest: 0 },
      [],
    );
    expect(plan.inputs.map((input) => input.name)).toEqual(['A']);
    expect(plan.skipped).toEqual([
      { url: 'https://example.org/feed', reason: 'listed more than once in this file' },
      { url: ' https://example.org/feed ', reason: 'listed more than once in this file' },
    ]);
  });

  it('skips feeds that already reach the same consumer, whatever defaults the stored one shows', () => {
    const existing = [feedTrigger('Old', 'https://example.org/feed', markdownTo('/notes'))];
    const plan = triggerInputsFromOutlines([outline('https://example.org/feed', 'Again')], { consumer, firstRunLatest: 0 }, existing);
    expect(plan.inputs).toEqual([]);
    expect(plan.skipped).toEqual([{ url: 'https://example.org/feed', reason: `trigger #${existing[0]?.id} already sends this feed to the same consumer` }]);
  });

  it('imports a feed that already has a trigger to another consumer', () => {
    const existing = [feedTrigger('Elsewhere', 'https://example.org/feed', markdownTo('/other')), feedTrigger('Tagged', 'https://example.org/feed', markdownTo('/notes', { tags: ['x'] }))];
    const plan = triggerInputsFromOutlines([outline('https://example.org/feed', 'New')], { consumer, firstRunLatest: 0 }, existing);
    expect(plan.inputs.map((input) => input.name)).toEqual(['New']);
  });

  it('compares webhook consumers without their secret, which the engine never hands back', () => {
    const existing = [
      feedTrigger('Hooked', 'https://example.org/feed', { service: 'webhook', accountId: null, params: { url: 'http://127.0.0.1/hook' }, secretsSet: ['secret'] }),
    ];
    const plan = triggerInputsFromOutlines(
      [outline('https://example.org/feed')],
      { consumer: { service: 'webhook', accountId: null, params: { url: 'http://127.0.0.1/hook', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } }, firstRunLatest: 0 },
      existing,
    );
    expect(plan.inputs).toEqual([]);
  });

  it('skips outlines whose URL is not http(s)', () => {
    const plan = triggerInputsFromOutlines([outline('javascript:alert(1)'), outline('not a url')], { consumer, firstRunLatest: 0 }, []);
    expect(plan.inputs).toEqual([]);
    expect(plan.skipped.map((skip) => skip.reason)).toEqual(['not an http:// or https:// feed URL', 'not an http:// or https:// feed URL']);
  });

  it('cuts long titles to the contract limit without splitting a character', () => {
    const plan = triggerInputsFromOutlines([outline('https://example.org/feed', `${'a'.repeat(199)}😀 and more`)], { consumer, firstRunLatest: 0 }, []);
    expect(plan.inputs[0]?.name).toBe('a'.repeat(199));
  });
});
