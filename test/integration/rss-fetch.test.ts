import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssProvider } from '../../src/workers/services/rss/rss-provider';
import type { FetchResult, FetchState, ItemDemand, TaskError } from '../../src/workers/tasks';
import { startServer } from '../support/loopback-server';
import type { LoopbackServer } from '../support/loopback-server';
import { TEST_USER_AGENT, testContext } from '../support/http-test-context';

// The feed provider against a scripted loopback server (services.md P1, reliability.md rows
// 12, 14, 15): validators sent back verbatim, 304, permanent versus temporary redirects, the
// status codes that pause or delay a trigger, and documents that are not feeds.

const ETAG = 'W/"feed-v1-e"';
const LAST_MODIFIED = 'Sat, 01 Nov 2026 10:00:00 GMT';

const rss = (title: string, items: Array<{ guid: string; title: string; link?: string }>) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${title}</title><link>https://example.org/</link>${items
    .map((item) => `<item><title>${item.title}</title><guid>${item.guid}</guid>${item.link ? `<link>${item.link}</link>` : ''}<pubDate>Sat, 01 Nov 2026 09:00:00 GMT</pubDate></item>`)
    .join('')}</channel></rss>`;

const FEED = rss('Scripted feed', [
  { guid: 'b', title: 'Second &amp; newest', link: '/posts/b' },
  { guid: 'a', title: 'First', link: '/posts/a' },
]);

function fetchFeed(url: string, state: FetchState = {}): Promise<FetchResult> {
  return rssProvider.fetch!(testContext(), { params: { url }, account: null, state });
}

function errorOf(result: FetchResult): TaskError {
  if (result.ok) throw new Error(`expected a failure, got status ${result.status}`);
  return result.error;
}

let server: LoopbackServer;
let host: string;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/conditional': {
        if (req.headers['if-none-match'] === ETAG || req.headers['if-modified-since'] === LAST_MODIFIED) {
          res.writeHead(304, { etag: ETAG });
          return void res.end();
        }
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: ETAG, 'last-modified': LAST_MODIFIED });
        return void res.end(FEED);
      }
      case '/last-modified-only': {
        if (req.headers['if-modified-since'] === LAST_MODIFIED) {
          res.writeHead(304);
          return void res.end();
        }
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'last-modified': LAST_MODIFIED });
        return void res.end(FEED);
      }
      case '/no-validators':
      case '/new-home':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        return void res.end(FEED);
      case '/moved-301':
      case '/moved-308':
      case '/moved-302':
      case '/moved-307':
        res.writeHead(Number(url.pathname.slice(-3)), { location: '/new-home' });
        return void res.end();
      case '/chain-301-302':
        res.writeHead(301, { location: '/moved-302' });
        return void res.end();
      case '/status': {
        const status = Number(url.searchParams.get('code'));
        const headers: Record<string, string> = { 'content-type': 'text/plain' };
        const retryAfter = url.searchParams.get('retry-after');
        if (retryAfter) headers['retry-after'] = retryAfter;
        res.writeHead(status, headers);
        return void res.end('nope');
      }
      case '/html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end('<!DOCTYPE html><html><head><title>Blog</title><link rel="alternate" type="application/rss+xml" href="/feed"></head><body>Hi</body></html>');
      case '/garbage':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return void res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]));
      case '/text':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('Service temporarily moved, see our new site.');
      case '/other-xml':
        res.writeHead(200, { 'content-type': 'application/xml' });
        return void res.end('<?xml version="1.0"?><sitemap><url>https://example.org/</url></sitemap>');
      case '/json-feed':
        res.writeHead(200, { 'content-type': 'application/feed+json' });
        return void res.end(
          JSON.stringify({
            version: 'https://jsonfeed.org/version/1.1',
            title: 'JSON over HTTP',
            items: [{ id: 'j1', url: 'https://example.org/j1', title: 'J one', content_html: '<p>x</p>', date_published: '2026-11-01T10:00:00Z', tags: ['t'] }],
          }),
        );
      case '/latin1':
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=windows-1252' });
        return void res.end(Buffer.from(rss('Caf\u00e9', [{ guid: '1', title: 'na\u00efve \u00bd' }]), 'latin1'));
      case '/gzip':
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
        return void res.end(gzipSync(FEED));
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        return void res.end('not here');
    }
  });
  host = `127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

describe('conditional GET', () => {
  it('with a demand, sends back only new items in full, newest first, and the rest of a first run as seen', async () => {
    const call = (demand: ItemDemand) => rssProvider.fetch!(testContext(), { params: { url: `${server.url}/no-validators` }, account: null, state: {}, demand });
    const known = await call({ known: ['id:a'], full: null });
    if (!known.ok) throw new Error(known.error.message);
    expect(known.items.map((item) => item.key)).toEqual(['id:b']);
    expect(known.items[0]).toMatchObject({ title: 'Second & newest', url: `${server.url}/posts/b` });
    expect(known.seen).toBeUndefined();

    const firstRun = await call({ known: [], full: 0 });
    if (!firstRun.ok) throw new Error(firstRun.error.message);
    expect(firstRun.items).toEqual([]);
    expect(firstRun.seen).toEqual([
      { key: 'id:b', title: 'Second & newest', url: `${server.url}/posts/b`, published: '2026-11-01T09:00:00.000Z' },
      { key: 'id:a', title: 'First', url: `${server.url}/posts/a`, published: '2026-11-01T09:00:00.000Z' },
    ]);
  });

  it('stores the validators verbatim, sends them back, and reads a 304 as unchanged', async () => {
    const first = await fetchFeed(`${server.url}/conditional`);
    expect(first).toMatchObject({ ok: true, status: 'changed', host, sourceTitle: 'Scripted feed' });
    if (!first.ok) return;
    expect(first.state).toMatchObject({ etag: ETAG, lastModified: LAST_MODIFIED });
    expect(first.items.map((item) => [item.key, item.title, item.url])).toEqual([
      ['id:b', 'Second & newest', `${server.url}/posts/b`],
      ['id:a', 'First', `${server.url}/posts/a`],
    ]);
    expect(first.items[0]).toMatchObject({ source: 'Scripted feed', published: '2026-11-01T09:00:00.000Z' });

    const before = server.requests.length;
    const results: FetchResult[] = [];
    let state = first.state;
    for (let poll = 0; poll < 3; poll += 1) {
      const result = await fetchFeed(`${server.url}/conditional`, state);
      results.push(result);
      if (result.ok) state = result.state;
    }
    const sent = server.requests.slice(before);
    const unconditional = sent.filter((entry) => entry.headers['if-none-match'] === undefined).length;
    const notModified = results.filter((result) => result.ok && result.status === 'unchanged' && result.items.length === 0).length;
    console.log(`conditional GET: unconditional GETs after the first ${unconditional}, 304 rate ${notModified}/${results.length}`);
    expect(unconditional).toBe(0);
    expect(notModified).toBe(results.length);
    expect(sent.every((entry) => entry.headers['if-none-match'] === ETAG && entry.headers['if-modified-since'] === LAST_MODIFIED)).toBe(true);
    expect(state).toMatchObject({ etag: ETAG, lastModified: LAST_MODIFIED });
  });

  it('sends If-Modified-Since alone when only Last-Modified was given', async () => {
    const first = await fetchFeed(`${server.url}/last-modified-only`);
    if (!first.ok) throw new Error(first.error.message);
    expect(first.state.etag).toBeUndefined();
    const second = await fetchFeed(`${server.url}/last-modified-only`, first.state);
    expect(second).toMatchObject({ ok: true, status: 'unchanged', items: [] });
    expect(server.requests.at(-1)?.headers).toMatchObject({ 'if-modified-since': LAST_MODIFIED });
    expect(server.requests.at(-1)?.headers['if-none-match']).toBeUndefined();
  });

  it('reads a byte-identical body without validators as unchanged', async () => {
    const first = await fetchFeed(`${server.url}/no-validators`);
    if (!first.ok) throw new Error(first.error.message);
    expect(first.state.cursor).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await fetchFeed(`${server.url}/no-validators`, first.state)).toMatchObject({ ok: true, status: 'unchanged', items: [] });
  });

  it('sends our User-Agent and a feed Accept header on every request', async () => {
    await fetchFeed(`${server.url}/conditional`);
    const wrong = server.requests.filter((entry) => entry.headers['user-agent'] !== TEST_USER_AGENT).length;
    console.log(`wrong User-Agent sent: ${wrong} of ${server.requests.length} requests`);
    expect(wrong).toBe(0);
    expect(server.requests.at(-1)?.headers.accept).toMatch(/^application\/rss\+xml, application\/atom\+xml, application\/feed\+json/);
  });
});

describe('redirects', () => {
  it.each([301, 308])('%i moves the feed: movedTo and state.url point at the new URL', async (status) => {
    const result = await fetchFeed(`${server.url}/moved-${status}`);
    expect(result).toMatchObject({ ok: true, status: 'changed', movedTo: `${server.url}/new-home`, state: { url: `${server.url}/new-home` } });
    if (!result.ok) return;
    // the next fetch goes straight to the new home
    const before = server.requests.length;
    await fetchFeed(`${server.url}/moved-${status}`, result.state);
    expect(server.requests.slice(before).map((entry) => entry.url)).toEqual(['/new-home']);
  });

  it.each(['/moved-302', '/moved-307', '/chain-301-302'])('%s does not move the feed', async (path) => {
    const result = await fetchFeed(`${server.url}${path}`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.movedTo).toBeUndefined();
    expect(result.state.url).toBeUndefined();
    expect(result.items[0]?.url).toBe(`${server.url}/posts/b`);
  });
});

describe('status codes', () => {
  const at = (code: number, retryAfter?: string) => `${server.url}/status?code=${code}${retryAfter ? `&retry-after=${encodeURIComponent(retryAfter)}` : ''}`;

  it('410 Gone pauses the trigger for good', async () => {
    expect(errorOf(await fetchFeed(at(410)))).toEqual({ kind: 'gone', status: 410, host, permanent: true, message: `HTTP 410 Gone from ${host}: the feed was removed` });
  });

  it.each([
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
  ])('%i is unauthorized and permanent', async (code, text) => {
    expect(errorOf(await fetchFeed(at(code)))).toEqual({
      kind: 'unauthorized',
      status: code,
      host,
      permanent: true,
      message: `HTTP ${code} ${text} from ${host}: the feed needs credentials or refuses us`,
    });
  });

  it('404 is an HTTP error that may heal', async () => {
    expect(errorOf(await fetchFeed(at(404)))).toEqual({ kind: 'http', status: 404, host, permanent: false, message: `HTTP 404 Not Found from ${host}` });
  });

  it.each([
    [500, 'Internal Server Error'],
    [502, 'Bad Gateway'],
    [400, 'Bad Request'],
  ])('%i is an HTTP error with a readable message', async (code, text) => {
    expect(errorOf(await fetchFeed(at(code)))).toEqual({ kind: 'http', status: code, host, permanent: false, message: `HTTP ${code} ${text} from ${host}` });
  });

  it('429 with Retry-After in seconds is rate-limited for that long', async () => {
    expect(errorOf(await fetchFeed(at(429, '120')))).toEqual({
      kind: 'rate-limited',
      status: 429,
      host,
      permanent: false,
      retryAfterMs: 120_000,
      message: `HTTP 429 Too Many Requests from ${host} (retry in 120 s)`,
    });
  });

  it('503 with Retry-After as an HTTP-date is rate-limited until that date', async () => {
    const until = new Date(Math.ceil(Date.now() / 1000) * 1000 + 90_000);
    const error = errorOf(await fetchFeed(at(503, until.toUTCString())));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 503, host, permanent: false });
    expect(error.retryAfterMs).toBeGreaterThan(85_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(91_000);
    expect(error.message).toMatch(new RegExp(`^HTTP 503 Service Unavailable from ${host.replace(/\./g, '\\.')} \\(retry in (8[6-9]|9[01]) s\\)$`));
  });

  it('429 without Retry-After is rate-limited with no wait of its own', async () => {
    const error = errorOf(await fetchFeed(at(429)));
    expect(error).toEqual({ kind: 'rate-limited', status: 429, host, permanent: false, message: `HTTP 429 Too Many Requests from ${host}` });
  });
});

describe('documents that are not feeds', () => {
  it.each([
    ['/html', 'Not a feed: got an HTML page (text/html)'],
    ['/garbage', 'Not a feed: got binary data (application/octet-stream)'],
    ['/text', 'Not a feed: got text that is neither XML nor JSON (text/plain)'],
    ['/other-xml', 'Not a feed: got an XML document whose root is <sitemap> (application/xml)'],
  ])('%s is a parse error saying what it was', async (path, message) => {
    expect(errorOf(await fetchFeed(`${server.url}${path}`))).toEqual({ kind: 'parse', status: 200, host, permanent: false, message: `${message} from ${host}` });
  });

  it('keeps the previous state when the body is not a feed, so the next fetch parses again', async () => {
    const state = { etag: '"old"', cursor: 'sha256:previous' };
    const result = await fetchFeed(`${server.url}/html`, state);
    expect(result).toMatchObject({ ok: false, state });
  });

  it('refuses bad parameters as a permanent config error', async () => {
    expect(errorOf(await rssProvider.fetch!(testContext(), { params: { url: 'ftp://example.org/feed' }, account: null, state: {} }))).toMatchObject({
      kind: 'config',
      permanent: true,
      message: 'Invalid feed parameters: Must be an http:// or https:// URL',
    });
  });
});

describe('formats and encodings over HTTP', () => {
  it('reads a JSON Feed served as application/feed+json', async () => {
    const result = await fetchFeed(`${server.url}/json-feed`);
    expect(result).toMatchObject({ ok: true, sourceTitle: 'JSON over HTTP' });
    if (result.ok) expect(result.items).toEqual([
      { key: 'id:j1', title: 'J one', url: 'https://example.org/j1', contentHtml: '<p>x</p>', contentText: 'x', author: null, published: '2026-11-01T10:00:00.000Z', tags: ['t'], source: 'JSON over HTTP' },
    ]);
  });

  it('honours the HTTP charset of a windows-1252 feed', async () => {
    const result = await fetchFeed(`${server.url}/latin1`);
    expect(result).toMatchObject({ ok: true, sourceTitle: 'Café' });
    if (result.ok) expect(result.items[0]?.title).toBe('naïve ½');
  });

  it('decompresses a gzip feed', async () => {
    const result = await fetchFeed(`${server.url}/gzip`);
    expect(result).toMatchObject({ ok: true, status: 'changed' });
    if (result.ok) expect(result.items).toHaveLength(2);
  });
});
