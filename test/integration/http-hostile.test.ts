import { lookup } from 'node:dns/promises';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpFailure } from '../../src/workers/http/http-failure';
import { request } from '../../src/workers/http/request';
import { rssProvider } from '../../src/workers/services/rss/rss-provider';
import type { FetchResult, TaskError } from '../../src/workers/tasks';
import { startServer } from '../support/loopback-server';
import type { LoopbackHandler, LoopbackServer } from '../support/loopback-server';
import { TEST_USER_AGENT, testContext } from '../support/http-test-context';
import { gzipOfZeros } from '../support/gzip-bomb';

// Hostile servers and payloads (reliability.md rows 7–11) against the worker's HTTP client and
// the feed provider, called directly: each case asserts the exact failure kind and message shape,
// and prints the figure the test plan asks for.

const MiB = 1024 * 1024;
const CAP = 5 * MiB;
const SLACK = 64 * 1024;

async function failureOf(promise: Promise<unknown>): Promise<HttpFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpFailure) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

/** JS heap plus Buffers: what a body or a parse actually holds (RSS never shrinks between tests). */
function heldBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** Peak growth of held memory while `work` runs, sampled every 5 ms. */
async function peakMemoryGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthBytes: number; ms: number }> {
  const baseline = heldBytes();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, heldBytes());
  }, 5);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, heldBytes());
    return { result, growthBytes: peak - baseline, ms: performance.now() - started };
  } finally {
    clearInterval(sampler);
  }
}

function errorOf(result: FetchResult): TaskError {
  if (result.ok) throw new Error(`expected a failure, got ${result.items.length} items`);
  return result.error;
}

describe('deadline', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/hang') return; // never answers
      if (req.url === '/drip') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const timer = setInterval(() => res.write('<'), 1000);
        res.on('close', () => clearInterval(timer));
        return;
      }
      res.end('ok');
    });
  });
  afterAll(() => server.close());

  it.each(['/hang', '/drip'])('%s ends at the 1.5 s deadline ± 1 s with a timeout', async (path) => {
    const started = performance.now();
    const failure = await failureOf(request(testContext(), { url: `${server.url}${path}` }));
    const elapsed = performance.now() - started;
    console.log(`${path}: ended after ${Math.round(elapsed)} ms (deadline 1500 ms)`);
    expect(failure.kind).toBe('timeout');
    expect(failure.message).toBe(`Timed out after 1500 ms waiting for 127.0.0.1:${server.port}`);
    expect(failure.permanent).toBe(false);
    expect(elapsed).toBeGreaterThan(1400);
    expect(elapsed).toBeLessThan(2500);
  });

  it('a hanging feed does not delay another feed fetched at the same time', async () => {
    const started = performance.now();
    const [hung, fine] = await Promise.all([
      rssProvider.fetch!(testContext(), { params: { url: `${server.url}/hang` }, account: null, state: {} }),
      request(testContext(), { url: `${server.url}/fine` }).then(() => performance.now() - started),
    ]);
    expect(errorOf(hung)).toMatchObject({ kind: 'timeout', host: `127.0.0.1:${server.port}`, permanent: false });
    expect(fine).toBeLessThan(500);
  });

  it('the task signal aborts a request early', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const failure = await failureOf(request(testContext({ timeoutMs: 10_000 }, controller.signal), { url: `${server.url}/hang` }));
    expect(failure.kind).toBe('network');
    expect(failure.message).toBe(`Request to 127.0.0.1:${server.port} was cancelled`);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("the caller's deadline (a publish delivery's) ends a request as a timeout, and a finished request leaves no listener on the caller's signal", async () => {
    const removed: string[] = [];
    const caller = AbortSignal.timeout(300);
    const original = caller.removeEventListener.bind(caller);
    caller.removeEventListener = ((type: string, listener: EventListener) => {
      removed.push(type);
      original(type, listener);
    }) as typeof caller.removeEventListener;
    const failure = await failureOf(request(testContext({ timeoutMs: 10_000 }, caller), { url: `${server.url}/hang` }));
    expect(failure.kind).toBe('timeout');
    expect(removed).toEqual(['abort']);

    const signal = new AbortController().signal;
    const listening: string[] = [];
    let added = 0;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => {
      listening.push(type);
      added += 1;
      add(type, listener, options);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((type: string, listener: EventListener) => {
      listening.splice(listening.indexOf(type), 1);
      remove(type, listener);
    }) as typeof signal.removeEventListener;
    await request(testContext({}, signal), { url: `${server.url}/fine` });
    expect(added).toBe(1);
    expect(listening).toEqual([]);
  });

  it("shares a caller's deadline that comes first instead of arming its own, and still ends as a timeout", async () => {
    const armed = vi.spyOn(globalThis, 'setTimeout');
    const started = performance.now();
    const caller = AbortSignal.timeout(300);
    const failure = await failureOf(request({ ...testContext({ timeoutMs: 10_000 }, caller), deadlineAt: Date.now() + 300 }, { url: `${server.url}/hang` }));
    const ownTimers = armed.mock.calls.filter(([, ms]) => ms === 10_000).length;
    armed.mockRestore();
    expect(failure.kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(ownTimers).toBe(0);

    // A caller whose deadline is later than the request's own: the request's comes first.
    const later = new AbortController();
    const timedOut = await failureOf(request({ ...testContext({ timeoutMs: 300 }, later.signal), deadlineAt: Date.now() + 60_000 }, { url: `${server.url}/hang` }));
    expect(timedOut).toMatchObject({ kind: 'timeout', message: `Timed out after 300 ms waiting for 127.0.0.1:${server.port}` });
  });
});

describe('body cap', () => {
  let server: LoopbackServer;
  let bomb: Buffer;
  let sentBytes = 0;
  beforeAll(async () => {
    bomb = await gzipOfZeros(200 * MiB);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    server = await startServer((req, res) => {
      if (req.url === '/gzip-bomb') {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
        res.end(bomb);
        return;
      }
      if (req.url === '/declared') {
        res.writeHead(200, { 'content-length': String(50 * MiB) });
        res.end();
        return;
      }
      // 50 MiB, chunked, written as fast as the client reads
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      sentBytes = 0;
      const pump = () => {
        while (sentBytes < 50 * MiB) {
          sentBytes += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
  });
  afterAll(() => server.close());

  it('stops a 50 MiB body at the 5 MiB cap', async () => {
    const { result: failure, growthBytes, ms } = await peakMemoryGrowth(() => failureOf(request(testContext(), { url: `${server.url}/big` })));
    const decoded = Number(/stopped after (\d+) bytes/.exec(failure.message)?.[1]);
    console.log(`50 MiB body: stopped after ${decoded} bytes in ${Math.round(ms)} ms, server wrote ${sentBytes} bytes, peak memory growth ${(growthBytes / MiB).toFixed(1)} MB`);
    expect(failure.kind).toBe('too-large');
    expect(failure.message).toMatch(new RegExp(`^Response from 127\\.0\\.0\\.1:${server.port} is larger than the 5 MiB cap \\(stopped after \\d+ bytes\\)$`));
    expect(decoded).toBeGreaterThan(CAP);
    expect(decoded).toBeLessThanOrEqual(CAP + SLACK);
    expect(growthBytes).toBeLessThan(50 * MiB);
  });

  it('refuses a declared Content-Length over the cap without reading it', async () => {
    const failure = await failureOf(request(testContext(), { url: `${server.url}/declared` }));
    expect(failure.kind).toBe('too-large');
    expect(failure.message).toBe(`Response from 127.0.0.1:${server.port} is larger than the 5 MiB cap (Content-Length ${50 * MiB})`);
  });

  it('stops a gzip bomb (200 MiB of zeros) at the cap after decompression', async () => {
    const { result: failure, growthBytes, ms } = await peakMemoryGrowth(() => failureOf(request(testContext(), { url: `${server.url}/gzip-bomb` })));
    const decoded = Number(/stopped after (\d+) bytes/.exec(failure.message)?.[1]);
    console.log(
      `gzip bomb: ${(bomb.length / 1024).toFixed(0)} KiB compressed, stopped after ${decoded} decoded bytes in ${Math.round(ms)} ms, peak memory growth ${(growthBytes / MiB).toFixed(1)} MB`,
    );
    expect(bomb.length).toBeLessThan(300 * 1024);
    expect(failure.kind).toBe('too-large');
    expect(decoded).toBeGreaterThan(CAP);
    expect(decoded).toBeLessThanOrEqual(CAP + SLACK);
    expect(growthBytes).toBeLessThan(50 * MiB);
  });
});

describe('redirects', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/loop') {
        res.writeHead(302, { location: `/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}` });
        return void res.end();
      }
      if (url.pathname === '/to') {
        res.writeHead(302, { location: url.searchParams.get('target') ?? '/' });
        return void res.end();
      }
      if (url.pathname === '/see-other') {
        res.writeHead(303, { location: '/echo' });
        return void res.end();
      }
      res.writeHead(url.pathname === '/error' ? 500 : 200, { 'content-type': 'text/plain' });
      res.end(`${req.method ?? ''} ${req.headers['user-agent'] ?? ''}`);
    });
  });
  afterAll(() => server.close());

  it('stops a redirect loop after 5 hops', async () => {
    const before = server.requests.length;
    const failure = await failureOf(request(testContext(), { url: `${server.url}/loop` }));
    const hops = server.requests.length - before - 1;
    console.log(`redirect loop: ${hops} hops followed`);
    expect(failure.kind).toBe('http');
    expect(failure.message).toBe(`Too many redirects (more than 5) starting at 127.0.0.1:${server.port}`);
    expect(hops).toBe(5);
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'ftp://127.0.0.1/'])('refuses a redirect to %s', async (target) => {
    const before = server.requests.length;
    const failure = await failureOf(request(testContext(), { url: `${server.url}/to?target=${encodeURIComponent(target)}` }));
    expect(failure.kind).toBe('http');
    expect(failure.message).toBe(`Refused a redirect to a ${new URL(target).protocol} URL from 127.0.0.1:${server.port}`);
    expect(server.requests.length - before).toBe(1);
  });

  it('refuses a non-http(s) URL outright, and never throws for a status code', async () => {
    const failure = await failureOf(request(testContext(), { url: 'file:///etc/passwd' }));
    expect(failure).toMatchObject({ kind: 'config', permanent: true, message: 'Only http: and https: URLs can be fetched, not file:' });
    const response = await request(testContext(), { url: `${server.url}/error` });
    expect(response.status).toBe(500);
    expect(response.statusText).toBe('Internal Server Error');
  });

  it('turns a POST into a GET on 303 and always sends our User-Agent, whatever the caller passes', async () => {
    const before = server.requests.length;
    const response = await request(testContext(), { url: `${server.url}/see-other`, method: 'POST', body: '{"a":1}', headers: { 'User-Agent': 'curl/8.0', 'content-type': 'application/json' } });
    expect(response.body.toString()).toBe(`GET ${TEST_USER_AGENT}`);
    const sent = server.requests.slice(before);
    expect(sent.map((entry) => entry.method)).toEqual(['POST', 'GET']);
    expect(sent.every((entry) => entry.headers['user-agent'] === TEST_USER_AGENT)).toBe(true);
    expect(sent[1]?.headers['content-type']).toBeUndefined();
  });

  it('reports a refused connection as a network failure', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const failure = await failureOf(request(testContext(), { url: `${closed.url}/` }));
    expect(failure).toMatchObject({ kind: 'network', message: `Connection refused by 127.0.0.1:${closed.port}`, permanent: false });
  });
});

describe('SSRF', () => {
  let canary: LoopbackServer;
  let publicHost: LoopbackServer;
  let otherPublicHost: LoopbackServer;
  const publicPolicy = { publicAddresses: ['127.0.0.2', '127.0.0.3'] };
  beforeAll(async () => {
    canary = await startServer((_req, res) => {
      res.end('<rss version="2.0"><channel><title>canary</title></channel></rss>');
    });
    const redirector: LoopbackHandler = (req, res) => {
      const target = new URL(req.url ?? '/', 'http://x').searchParams.get('target');
      if (target) {
        res.writeHead(302, { location: target });
        return void res.end();
      }
      res.end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
    };
    publicHost = await startServer(redirector, { host: '127.0.0.2' });
    otherPublicHost = await startServer(redirector, { host: '127.0.0.3' });
  });
  afterAll(async () => {
    await canary.close();
    await publicHost.close();
    await otherPublicHost.close();
  });

  const privateTargets = () => [
    `http://127.0.0.1:${canary.port}/`,
    `http://0x7f.1:${canary.port}/`,
    `http://2130706433:${canary.port}/`,
    `http://0177.0.0.1:${canary.port}/`,
    `http://[::1]:${canary.port}/`,
    `http://[::ffff:127.0.0.1]:${canary.port}/`,
    `http://localhost:${canary.port}/`,
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
    'http://192.168.1.1/',
  ];

  it('refuses redirects from a public host to loopback, private and link-local addresses in every spelling', async () => {
    for (const target of privateTargets()) {
      const failure = await failureOf(request(testContext(publicPolicy), { url: `${publicHost.url}/?target=${encodeURIComponent(target)}` }));
      expect(failure.kind, target).toBe('network');
      expect(failure.message, target).toMatch(/^Refused to connect to \S+: a redirect may not reach a private or loopback address$/);
      expect(failure.host).toBe(`127.0.0.2:${publicHost.port}`);
    }
    console.log(`SSRF redirects: ${privateTargets().length} refused, canary hits ${canary.requests.length}`);
    expect(canary.requests).toHaveLength(0);
  });

  it('refuses URLs taken from content that point at private addresses', async () => {
    for (const target of privateTargets()) {
      const failure = await failureOf(request(testContext(publicPolicy), { url: target, origin: 'content' }));
      expect(failure.message, target).toMatch(/^Refused to connect to \S+: a URL from feed content may not reach a private or loopback address$/);
    }
    expect(canary.requests).toHaveLength(0);
  });

  const ownName = hostname();
  const ownNameIsLoopback = lookup(ownName).then(
    (answer) => answer.address.startsWith('127.'),
    () => false,
  );
  it('checks the resolved address too: a DNS name that resolves to loopback is refused', async (context) => {
    if (!(await ownNameIsLoopback)) return context.skip();
    const target = `http://${ownName}:${canary.port}/`;
    const failure = await failureOf(request(testContext(publicPolicy), { url: `${publicHost.url}/?target=${encodeURIComponent(target)}` }));
    expect(failure.kind).toBe('network');
    expect(failure.message).toMatch(new RegExp(`^Refused to connect to ${ownName}:${canary.port}: it resolves to a private or loopback address \\(127\\.`));
    expect(canary.requests).toHaveLength(0);
  });

  it('still fetches a user-typed loopback feed, and lets a local server redirect locally', async () => {
    const direct = await rssProvider.fetch!(testContext(publicPolicy), { params: { url: `${canary.url}/feed` }, account: null, state: {} });
    expect(direct).toMatchObject({ ok: true, sourceTitle: 'canary' });
    const localRedirector = await startServer((_req, res) => {
      res.writeHead(302, { location: `http://localhost:${canary.port}/moved` });
      res.end();
    });
    try {
      const response = await request(testContext(), { url: `${localRedirector.url}/` });
      expect(response.status).toBe(200);
      expect(response.url).toBe(`http://localhost:${canary.port}/moved`);
    } finally {
      await localRedirector.close();
    }
    expect(canary.requests.map((entry) => entry.url)).toEqual(['/feed', '/moved']);
    canary.requests.length = 0;
  });

  it('follows public-to-public redirects but drops credentials when the origin changes', async () => {
    const target = `${otherPublicHost.url}/landing`;
    const response = await request(testContext(publicPolicy), {
      url: `${publicHost.url}/?target=${encodeURIComponent(target)}`,
      headers: { authorization: 'Bearer secret-token' },
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ authorization: null });
    expect(publicHost.requests.at(-1)?.headers.authorization).toBe('Bearer secret-token');
  });
});

describe('XML attacks through the feed provider', () => {
  let server: LoopbackServer;
  let canaryDir: string;
  const canaryText = 'CANARY-7f3a9c-not-for-feeds';
  const payloads = new Map<string, string>();
  beforeAll(async () => {
    canaryDir = mkdtempSync(join(tmpdir(), 'th-xxe-'));
    const canaryFile = join(canaryDir, 'secret.txt');
    writeFileSync(canaryFile, canaryText);
    const laughs = ['<!ENTITY lol0 "lol">', ...Array.from({ length: 9 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`)].join('');
    payloads.set('billion-laughs', `<?xml version="1.0"?><!DOCTYPE rss [${laughs}]><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><guid>1</guid></item></channel></rss>`);
    const big = 'x'.repeat(100_000);
    payloads.set(
      'big-entity',
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "${big}">]><rss version="2.0"><channel><title>t</title><item><title>${'&big;'.repeat(2000)}</title><guid>1</guid></item></channel></rss>`,
    );
    payloads.set(
      'xxe',
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://${canaryFile}">]><rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title><description>&xxe;</description><guid>1</guid></item></channel></rss>`,
    );
    payloads.set(
      'xxe-parameter',
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "file://${canaryFile}">%p;]><rss version="2.0"><channel><title>t</title><item><title>i</title><guid>1</guid></item></channel></rss>`,
    );
    payloads.set('char-ref-flood', `<rss version="2.0"><channel><title>flood</title><item><title>f</title><guid>1</guid><description>${'&#65;'.repeat(2_000_000)}</description></item></channel></rss>`);
    payloads.set('deep-nesting', `<rss version="2.0"><channel><title>deep</title><item><title>t</title>${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}</item></channel></rss>`);
    server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(payloads.get((req.url ?? '/').slice(1)) ?? '');
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(canaryDir, { recursive: true, force: true });
  });

  async function fetchPayload(name: string, maxBodyBytes = CAP) {
    return peakMemoryGrowth(() => rssProvider.fetch!(testContext({ maxBodyBytes, timeoutMs: 10_000 }), { params: { url: `${server.url}/${name}` }, account: null, state: {} }));
  }

  it('billion laughs: entities are not expanded', async () => {
    const { result, ms, growthBytes } = await fetchPayload('billion-laughs');
    console.log(`billion laughs: ${Math.round(ms)} ms, peak memory growth ${(growthBytes / MiB).toFixed(1)} MB`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.items[0]?.title).toBe('&lol9;');
    expect(JSON.stringify(result).length).toBeLessThan(10_000);
    expect(ms).toBeLessThan(10_000);
  });

  it('a big entity used 2000 times is not expanded', async () => {
    const { result, ms } = await fetchPayload('big-entity');
    console.log(`big entity x2000: ${Math.round(ms)} ms`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.items[0]?.title).toBe('&big;'.repeat(2000));
  });

  it.each([
    ['xxe', 'declares external entities, which are refused'],
    ['xxe-parameter', 'could not be parsed as XML'],
  ])('%s: the document is refused and no byte of the file is read', async (name, why) => {
    const { result } = await fetchPayload(name);
    const leaked = JSON.stringify(result).includes(canaryText) ? canaryText.length : 0;
    console.log(`${name}: file bytes leaked ${leaked}`);
    expect(leaked).toBe(0);
    expect(errorOf(result)).toMatchObject({
      kind: 'parse',
      message: `Not a feed: the <rss> document ${why} (application/rss+xml) from 127.0.0.1:${server.port}`,
      permanent: false,
    });
  });

  it('a 10 MB &#65; flood is refused at the default cap and parsed within the deadline under a 16 MiB cap', async () => {
    const capped = await fetchPayload('char-ref-flood');
    expect(errorOf(capped.result)).toMatchObject({ kind: 'too-large', permanent: false });
    const { result, ms, growthBytes } = await fetchPayload('char-ref-flood', 16 * MiB);
    console.log(`&#65; flood (10 MB): parsed in ${Math.round(ms)} ms, peak memory growth ${(growthBytes / MiB).toFixed(1)} MB`);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.items[0]?.contentText).toHaveLength(2_000_000);
    expect(ms).toBeLessThan(10_000);
    expect(growthBytes).toBeLessThan(256 * MiB);
  });

  it('200,000-deep nesting ends quickly with a parse error', async () => {
    const { result, ms } = await fetchPayload('deep-nesting');
    console.log(`deep nesting (200,000 levels): ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(10_000);
    expect(errorOf(result)).toMatchObject({ kind: 'parse', message: `Not a feed: the <rss> document could not be parsed as XML (application/rss+xml) from 127.0.0.1:${server.port}` });
  });
});
