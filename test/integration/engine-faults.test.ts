import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { USER_AGENT } from '../../src/main/engine/user-agent';
import type { RunView } from '../../src/shared/models';
import { engineTestScope, startHarness, tempDir, type Harness } from '../support/engine-harness';
import { FakeClock } from '../support/fake-clock';
import { startServer, type LoopbackHandler, type LoopbackServer } from '../support/loopback-server';
import { numberedItems, rssDocument } from '../support/rss-fixture';
import { gzipOfZeros } from '../support/gzip-bomb';

// Faults at the engine level (reliability.md rows 7–16, issue 2 "Tests"): a hostile or failing
// feed on one host while a healthy trigger reads another. Each fault must end in one clear
// activity row for its own trigger, and the healthy trigger must get its new item regardless.
// The worker-level details (exact byte counts, parser limits) are in http-hostile.test.ts; here
// we check what the user sees: the activity log, the outbox, the consumer, the schedule.

const MiB = 1024 * 1024;
const HOSTILE_HOST = '127.0.0.2';
const HEALTHY_HOST = '127.0.0.3';

const { closeAfter, harness } = engineTestScope();

async function server(handler: LoopbackHandler, host: string, port?: number): Promise<LoopbackServer> {
  const started = await startServer(handler, { host, port });
  closeAfter(() => started.close());
  return started;
}

interface FeedControl {
  newest: number;
  /** Answer with this instead of the feed while set. */
  fault: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  /** The fake clock's time of each request (when a clock is given). */
  times: number[];
}

/** A well-behaved feed (ETag, 304) whose newest item the test moves, with a switchable fault. */
async function feedServer(prefix: string, host: string, clock?: FakeClock): Promise<{ url: string; server: LoopbackServer; feed: FeedControl }> {
  const feed: FeedControl = { newest: 5, fault: null, times: [] };
  const started = await server((req, res) => {
    if (clock) feed.times.push(clock.now());
    if (feed.fault) {
      feed.fault(req, res);
      return;
    }
    const etag = `"${prefix}-${feed.newest}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag });
    res.end(rssDocument(`${prefix} feed`, numberedItems(prefix, feed.newest, 5)));
  }, host);
  return { url: `${started.url}/${prefix}.xml`, server: started, feed };
}

interface Receiver {
  server: LoopbackServer;
  url: string;
  /** Bodies delivered to `/<path>`, as sent. */
  bodies(pathName: string): string[];
  /** Titles delivered to `/<path>`. */
  titles(pathName: string): string[];
}

async function webhookReceiver(): Promise<Receiver> {
  const started = await server((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  }, '127.0.0.1');
  const bodies = (pathName: string) => started.requests.filter((request) => request.url === `/${pathName}`).map((request) => request.body);
  return {
    server: started,
    url: started.url,
    bodies,
    titles: (pathName) => bodies(pathName).map((body) => (JSON.parse(body) as { item: { title: string } }).item.title),
  };
}

/** The trigger every test keeps an eye on: its own host, first run publishes the newest item. */
async function healthyTrigger(h: Harness, hook: Receiver, options: { clock?: FakeClock; intervalSeconds?: number } = {}) {
  const source = await feedServer('healthy', HEALTHY_HOST, options.clock);
  const trigger = await h.call('triggers.create', {
    name: 'Healthy',
    provider: { service: 'rss', params: { url: source.url } },
    consumer: { service: 'webhook', params: { url: `${hook.url}/healthy` } },
    firstRunLatest: 1,
    ...(options.intervalSeconds === undefined ? {} : { intervalSeconds: options.intervalSeconds }),
  });
  return { trigger, ...source, delivered: () => hook.titles('healthy') };
}

async function createTrigger(h: Harness, name: string, feedUrl: string, hook: Receiver, extra: { firstRunLatest?: number; intervalSeconds?: number } = {}) {
  return h.call('triggers.create', {
    name,
    provider: { service: 'rss', params: { url: feedUrl } },
    consumer: { service: 'webhook', params: { url: `${hook.url}/${encodeURIComponent(name.toLowerCase().replace(/\W+/g, '-'))}` } },
    firstRunLatest: extra.firstRunLatest ?? 1,
    ...(extra.intervalSeconds === undefined ? {} : { intervalSeconds: extra.intervalSeconds }),
  });
}

async function fetchRuns(h: Harness, triggerId: number): Promise<RunView[]> {
  return (await h.call('runs.list', { triggerId, limit: 500 })).filter((run) => run.kind === 'fetch').reverse();
}

async function lastFetchRun(h: Harness, triggerId: number): Promise<RunView> {
  const run = (await fetchRuns(h, triggerId)).at(-1);
  if (!run) throw new Error(`trigger ${triggerId} has no fetch run`);
  return run;
}

/** A message a person can read: one short line, no control characters, no stack or "[object Object]". */
function expectReadable(message: string | null): string {
  expect(typeof message).toBe('string');
  const text = message ?? '';
  expect(text.length).toBeGreaterThan(10);
  expect(text.length).toBeLessThan(400);
  // eslint-disable-next-line no-control-regex -- control characters are what must not be there
  expect(text).not.toMatch(/[\u0000-\u001f\u007f\ufffd]/);
  expect(text).not.toMatch(/undefined|\[object |\n\s+at /);
  return text;
}

/** Fires the scheduler's timer until `until` (fake time), waiting for each tick; returns the ticks. */
async function runUntil(h: Harness, clock: FakeClock, until: number, maxTicks = 1000): Promise<number> {
  let ticks = 0;
  for (; ticks < maxTicks; ticks += 1) {
    const next = clock.nextTimerAt();
    if (next === null || next > until) break;
    clock.fireNext();
    await h.engine.scheduler.idle();
  }
  if (ticks === maxTicks) throw new Error(`more than ${maxTicks} scheduler ticks before ${new Date(until).toISOString()}`);
  clock.set(Math.max(clock.now(), until));
  return ticks;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every text the engine stored: the database and its WAL, byte for byte. */
function storedBytes(dataDir: string): Buffer {
  const base = path.join(dataDir, 'trigger-happy.sqlite3');
  return Buffer.concat([base, `${base}-wal`].filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file)));
}

function tableDump(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'trigger-happy.sqlite3'), { readonly: true, fileMustExist: true });
  try {
    return ['items', 'runs', 'fetch_state', 'host_limits'].map((table) => JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all())).join('\n');
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile documents and responses: one cycle, one clear row, the healthy trigger unaffected.

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs &lol9;</title><link>https://example.org/</link><description>x</description>
<item><title>Boom &lol9;</title><link>https://example.org/boom</link><guid>boom-1</guid><description>&lol9;</description></item>
</channel></rss>`;

const QUADRATIC_BLOWUP = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "${'a'.repeat(50_000)}">]>
<rss version="2.0"><channel><title>Blowup</title><link>https://example.org/</link><description>x</description>
<item><title>Blowup</title><link>https://example.org/blowup</link><guid>blowup-1</guid><description>${'&a;'.repeat(2000)}</description></item>
</channel></rss>`;

const HTML_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Welcome to our site</title></head>
<body><h1>Our blog</h1><p>The feed moved. <a href="/blog/">Read the blog</a>.</p><script>track()</script></body></html>`;

interface HostileCase {
  name: string;
  respond: (req: IncomingMessage, res: ServerResponse) => void;
  /** The hostile trigger's fetch row. */
  outcome: 'error' | 'ok';
  message: RegExp;
  /** Extra checks once the cycle is over. */
  check?: (context: { h: Harness; hook: Receiver; run: RunView; requests: number }) => void | Promise<void>;
}

let gzipBomb: Buffer;
const canaryDir = tempDir('th-canary-');
const CANARY = `canary-${randomBytes(12).toString('hex')}`;
const canaryFile = path.join(canaryDir, 'secret.txt');
fs.writeFileSync(canaryFile, `${CANARY}\n`);

function xml(res: ServerResponse, body: string | Buffer, type = 'application/rss+xml; charset=utf-8'): void {
  res.writeHead(200, { 'content-type': type });
  res.end(body);
}

const hostileCases: HostileCase[] = [
  {
    name: 'an entity bomb (billion laughs) is not expanded',
    respond: (_req, res) => xml(res, BILLION_LAUGHS),
    outcome: 'ok',
    message: /First run/,
    check: ({ hook }) => {
      const bodies = hook.bodies('hostile');
      expect(bodies).toHaveLength(1);
      // Published as the feed wrote it: the reference, not a billion "lol"s.
      expect(bodies[0]?.length).toBeLessThan(10_000);
      expect(bodies[0]).not.toContain('lollol');
      expect(hook.titles('hostile')).toEqual(['Boom &lol9;']);
    },
  },
  {
    name: 'a big entity used 2000 times is not expanded',
    respond: (_req, res) => xml(res, QUADRATIC_BLOWUP),
    outcome: 'ok',
    message: /First run/,
    check: ({ hook }) => {
      const bodies = hook.bodies('hostile');
      expect(bodies).toHaveLength(1);
      expect(bodies[0]?.length).toBeLessThan(64 * 1024);
      expect(bodies[0]).not.toContain('a'.repeat(1000));
    },
  },
  {
    name: 'XXE: an external entity naming a local file is refused, and the file never leaks',
    respond: (_req, res) =>
      xml(
        res,
        `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://${canaryFile}">]>
<rss version="2.0"><channel><title>XXE &xxe;</title><link>https://example.org/</link><description>&xxe;</description>
<item><title>Leak &xxe;</title><link>https://example.org/leak</link><guid>leak-1</guid><description>&xxe;</description></item>
</channel></rss>`,
      ),
    outcome: 'error',
    message: /external entities/,
    check: ({ h, hook }) => {
      expect(hook.titles('hostile')).toEqual([]);
      const everything = [tableDump(h.dataDir), storedBytes(h.dataDir).toString('latin1'), ...hook.server.requests.map((request) => request.body)].join('\n');
      expect(everything).not.toContain(CANARY);
    },
  },
  {
    name: 'a 50 MiB body stops at the cap',
    respond: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(MiB, 0x20);
      Readable.from(
        (function* body() {
          yield Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>');
          for (let sent = 0; sent < 50 * MiB; sent += MiB) yield chunk;
        })(),
      ).pipe(res);
    },
    outcome: 'error',
    message: /larger than the 10 MiB cap \(stopped after \d+ bytes\)/,
    check: ({ run }) => {
      const decoded = Number(/stopped after (\d+) bytes/.exec(run.message ?? '')?.[1]);
      console.log(`[row 8] 50 MiB body: stopped after ${decoded} bytes (cap 10 MiB + ${decoded - 10 * MiB} bytes)`);
      expect(decoded).toBeLessThanOrEqual(10 * MiB + 64 * 1024);
    },
  },
  {
    name: 'a declared Content-Length over the cap is refused without reading',
    respond: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(50 * MiB) });
      res.write('<rss');
    },
    outcome: 'error',
    message: /larger than the 10 MiB cap \(Content-Length 52428800\)/,
  },
  {
    name: 'a gzip bomb (200 MiB of zeros) stops at the cap after decompression',
    respond: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip', 'content-length': String(gzipBomb.length) });
      res.end(gzipBomb);
    },
    outcome: 'error',
    message: /larger than the 10 MiB cap \(stopped after \d+ bytes\)/,
    check: ({ run }) => {
      const decoded = Number(/stopped after (\d+) bytes/.exec(run.message ?? '')?.[1]);
      console.log(
        `[row 8] gzip bomb: ${gzipBomb.length} bytes on the wire expanding to 200 MiB; decoded ${decoded} bytes before stopping (cap + ${decoded - 10 * MiB})`,
      );
      expect(decoded).toBeLessThanOrEqual(10 * MiB + 64 * 1024);
    },
  },
  {
    name: 'a redirect loop stops after 5 hops',
    respond: (req, res) => {
      res.writeHead(302, { location: req.url === '/hostile.xml' ? '/again.xml' : '/hostile.xml' });
      res.end();
    },
    outcome: 'error',
    message: /Too many redirects \(more than 5\)/,
    check: ({ requests }) => {
      console.log(`[row 10] redirect loop: ${requests} requests (1 + hops) before stopping`);
      expect(requests).toBe(6);
    },
  },
  {
    name: 'a redirect to file:///etc/passwd is refused',
    respond: (_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    },
    outcome: 'error',
    message: /Refused a redirect to a file: URL/,
    check: ({ h }) => {
      expect(tableDump(h.dataDir)).not.toMatch(/root:x:0:0/);
    },
  },
  {
    name: 'a redirect to javascript: is refused',
    respond: (_req, res) => {
      res.writeHead(301, { location: 'javascript:alert(document.domain)' });
      res.end();
    },
    outcome: 'error',
    message: /Refused a redirect to a javascript: URL/,
  },
  {
    name: 'garbage bytes are reported as such',
    respond: (_req, res) => xml(res, Buffer.concat([Buffer.from([0x01, 0x02, 0x03]), randomBytes(8192)]), 'application/rss+xml'),
    outcome: 'error',
    message: /Not a feed: got binary data/,
  },
  {
    name: 'truncated XML is reported as unparseable',
    respond: (_req, res) => xml(res, '<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title><item><title>Half an ite'),
    outcome: 'error',
    message: /Not a feed: the <rss> document could not be parsed as XML/,
  },
  {
    name: 'an HTML page instead of a feed says so',
    respond: (_req, res) => xml(res, HTML_PAGE, 'text/html; charset=utf-8'),
    outcome: 'error',
    message: /Not a feed: got an HTML page \(text\/html\)/,
  },
];

describe('hostile feeds: one clear activity row, every other trigger keeps working', () => {
  beforeAll(async () => {
    gzipBomb = await gzipOfZeros(200 * MiB);
  });

  it.each(hostileCases)('$name', async ({ respond, outcome, message, check }) => {
    const h = await harness();
    const hook = await webhookReceiver();
    const healthy = await healthyTrigger(h, hook);
    const hostileServer = await server(respond, HOSTILE_HOST);
    const hostile = await h.call('triggers.create', {
      name: 'Hostile',
      provider: { service: 'rss', params: { url: `${hostileServer.url}/hostile.xml` } },
      consumer: { service: 'webhook', params: { url: `${hook.url}/hostile` } },
      firstRunLatest: 1,
    });

    await h.engine.runOnce();

    const run = await lastFetchRun(h, hostile.id);
    expect(run.outcome).toBe(outcome);
    expect(expectReadable(run.message)).toMatch(message);
    expect(run.triggerName).toBe('Hostile');
    expect(await fetchRuns(h, hostile.id)).toHaveLength(1);
    if (outcome === 'error') {
      // Counted as a failure of that trigger only: it stays enabled, backs off and is not paused.
      const view = await h.call('triggers.get', { id: hostile.id });
      expect(view.pausedReason).toBeNull();
      expect(await h.call('items.list', { triggerId: hostile.id })).toEqual([]);
    }
    await check?.({ h, hook, run, requests: hostileServer.requests.length });

    expect(healthy.delivered()).toEqual(['healthy post 5']);
    expect((await lastFetchRun(h, healthy.trigger.id)).outcome).toBe('ok');
    expect((await h.call('triggers.get', { id: healthy.trigger.id })).pausedReason).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Request deadline: a server that never answers, or drips a byte a second.

describe('request deadline (requestTimeoutSeconds 2)', () => {
  const deadlineCases: Array<{ name: string; respond: (req: IncomingMessage, res: ServerResponse) => void }> = [
    { name: 'a hanging server', respond: () => undefined },
    {
      name: 'a 1 byte/s drip',
      respond: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const body = Buffer.from(rssDocument('drip', numberedItems('drip', 5, 5)));
        let sent = 0;
        const timer = setInterval(() => {
          if (sent >= body.length || res.destroyed) {
            clearInterval(timer);
            return;
          }
          res.write(body.subarray(sent, sent + 1));
          sent += 1;
        }, 1000);
        res.on('close', () => clearInterval(timer));
      },
    },
  ];

  it.each(deadlineCases)('$name ends at the deadline and does not delay the healthy feed', async ({ name, respond }) => {
    const h = await harness({ settings: { requestTimeoutSeconds: 2 } });
    const hook = await webhookReceiver();
    const healthy = await healthyTrigger(h, hook);
    const slow = await feedServer('slow', HOSTILE_HOST);
    const trigger = await createTrigger(h, 'Slow', slow.url, hook);
    // A first cycle while both answer: the pool is warm and both have a baseline.
    await h.engine.runOnce();
    expect(healthy.delivered()).toEqual(['healthy post 5']);

    slow.feed.fault = respond;
    healthy.feed.newest = 6;
    const arrivals: number[] = [];
    healthy.server.requests.length = 0;
    const cycleStart = performance.now();
    const watcher = setInterval(() => {
      if (healthy.server.requests.length > arrivals.length) arrivals.push(performance.now() - cycleStart);
    }, 5);
    try {
      await h.engine.runOnce();
    } finally {
      clearInterval(watcher);
    }
    const cycleMs = performance.now() - cycleStart;

    const run = await lastFetchRun(h, trigger.id);
    expect(run.outcome).toBe('error');
    expect(expectReadable(run.message)).toMatch(/Timed out after 2000 ms waiting for 127\.0\.0\.2:\d+/);
    const healthyRun = await lastFetchRun(h, healthy.trigger.id);
    const healthyDelay = arrivals[0] ?? Number.POSITIVE_INFINITY;
    console.log(
      `[row 9] ${name}: error after ${run.durationMs} ms (deadline 2000 ms, off by ${run.durationMs - 2000} ms); cycle ${Math.round(cycleMs)} ms; ` +
        `healthy feed requested ${Math.round(healthyDelay)} ms into the cycle and done in ${healthyRun.durationMs} ms`,
    );
    expect(Math.abs(run.durationMs - 2000)).toBeLessThanOrEqual(1000);
    // The healthy feed was fetched at once and finished long before the slow one gave up.
    expect(healthyDelay).toBeLessThan(1000);
    expect(healthyRun.outcome).toBe('ok');
    expect(healthyRun.at).toBeLessThan(run.at);
    expect(healthy.delivered()).toEqual(['healthy post 5', 'healthy post 6']);
    expect((await h.call('triggers.get', { id: trigger.id })).pausedReason).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Being asked to wait: 429/503 with Retry-After (both forms), rate-limit reset headers. The fake
// clock drives the scheduler; the loopback server records the fake time of every request.

const WAIT_MS = 120_000;

/** IMF-fixdate (RFC 9110 §5.6.7) at least `ms` from now: whole seconds, rounded up. */
function httpDateIn(ms: number): string {
  return new Date(Math.ceil((Date.now() + ms) / 1000) * 1000 + 1000).toUTCString();
}

const waitCases: Array<{ name: string; status: number; headers: () => Record<string, string> }> = [
  { name: '429 with Retry-After in seconds', status: 429, headers: () => ({ 'retry-after': String(WAIT_MS / 1000) }) },
  { name: '429 with Retry-After as an HTTP-date', status: 429, headers: () => ({ 'retry-after': httpDateIn(WAIT_MS) }) },
  { name: '503 with Retry-After in seconds', status: 503, headers: () => ({ 'retry-after': String(WAIT_MS / 1000) }) },
  { name: '503 with Retry-After as an HTTP-date', status: 503, headers: () => ({ 'retry-after': httpDateIn(WAIT_MS) }) },
  {
    name: '429 with X-RateLimit-Remaining 0 and X-RateLimit-Reset (epoch seconds)',
    status: 429,
    headers: () => ({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil((Date.now() + WAIT_MS) / 1000) + 1) }),
  },
];

describe('asked to wait: nothing reaches the host before the time, across a restart', () => {
  it.each(waitCases)('$name', async ({ status, headers }) => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const dataDir = tempDir();
    const first = await startHarness({ clock, dataDir });
    let firstOpen = true;
    closeAfter(async () => {
      if (firstOpen) await first.close();
    });
    const hook = await webhookReceiver();
    const healthy = await healthyTrigger(first, hook, { clock });
    const limited = await feedServer('limited', HOSTILE_HOST, clock);
    limited.feed.fault = (_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain', ...headers() });
      res.end('slow down');
    };
    const trigger = await createTrigger(first, 'Limited', limited.url, hook);
    first.engine.start();
    await runUntil(first, clock, t0);

    const [asked] = await fetchRuns(first, trigger.id);
    expect(asked?.outcome).toBe('error');
    expect(expectReadable(asked?.message ?? null)).toMatch(new RegExp(`HTTP ${status} .*from 127\\.0\\.0\\.2:\\d+.*next try after`));
    expect(healthy.delivered()).toEqual(['healthy post 5']);

    // Another feed on the same host, added while we wait: queued behind the host's time.
    const sibling = await createTrigger(first, 'Sibling', limited.url.replace('limited.xml', 'sibling.xml'), hook);
    await runUntil(first, clock, t0 + 60_000);
    const [waiting] = await fetchRuns(first, sibling.id);
    expect(waiting?.outcome).toBe('skipped');
    expect(expectReadable(waiting?.message ?? null)).toMatch(/^Waiting: 127\.0\.0\.2:\d+ asked us not to call before /);

    // A restart on the same data folder remembers the host's time (host_limits).
    await first.close();
    firstOpen = false;
    const second = await harness({ clock, dataDir });
    second.engine.start();
    const third = await createTrigger(second, 'Third', limited.url.replace('limited.xml', 'third.xml'), hook);
    await second.call('triggers.run', { id: trigger.id });
    await runUntil(second, clock, t0 + WAIT_MS - 1000);
    expect((await lastFetchRun(second, third.id)).outcome).toBe('skipped');
    expect(limited.feed.times).toEqual([t0]);

    // Time passes; the host answers again; all three resume (and publish at the next publish
    // cycle, at most publishIntervalSeconds after the previous one).
    limited.feed.fault = null;
    await runUntil(second, clock, t0 + 30 * 60_000);
    const after = limited.feed.times.slice(1);
    console.log(
      `[row 12] ${status} ${JSON.stringify(headers())}: requests before the time ${limited.feed.times.filter((at) => at > t0 && at < t0 + WAIT_MS).length}, ` +
        `next request ${((Math.min(...after) - t0) / 1000).toFixed(1)} s after the answer`,
    );
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...after)).toBeGreaterThanOrEqual(t0 + WAIT_MS);
    for (const id of [trigger.id, sibling.id, third.id]) {
      const runs = await fetchRuns(second, id);
      expect(runs.filter((run) => run.at >= t0 + WAIT_MS).map((run) => run.outcome)).toContain('ok');
      expect(runs.filter((run) => run.at >= t0 + WAIT_MS).map((run) => run.outcome)).not.toContain('error');
    }
    expect(hook.titles('limited')).toEqual(['limited post 5']);
    // Waiting as asked is not a failure.
    expect((await second.call('triggers.get', { id: trigger.id })).consecutiveFailures).toBe(0);
  });

  it('X-RateLimit-Remaining 0 on a good answer: the feed is read, and the host is left alone until the reset', async () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const h = await harness({ clock });
    const hook = await webhookReceiver();
    const healthy = await healthyTrigger(h, hook, { clock, intervalSeconds: 3600 });
    const RESET_MS = 40 * 60_000;
    let exhausted = true;
    const requests: number[] = [];
    const budget = await server((_req, res) => {
      requests.push(clock.now());
      const quota: Record<string, string> = exhausted
        ? { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil((Date.now() + RESET_MS) / 1000) + 1) }
        : { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' };
      res.writeHead(200, { 'content-type': 'application/rss+xml', ...quota });
      res.end(rssDocument('quota', numberedItems('quota', requests.length > 1 ? 6 : 5, 5)));
    }, HOSTILE_HOST);
    const trigger = await createTrigger(h, 'Quota', `${budget.url}/quota.xml`, hook);
    h.engine.start();
    await runUntil(h, clock, t0);
    expect((await lastFetchRun(h, trigger.id)).outcome).toBe('ok');
    expect(hook.titles('quota')).toEqual(['quota post 5']);

    // Its interval (15 min) comes before the reset (40 min): the tick finds the host closed.
    await runUntil(h, clock, t0 + RESET_MS - 60_000);
    expect(requests).toEqual([t0]);
    const waiting = await lastFetchRun(h, trigger.id);
    expect(waiting.outcome).toBe('skipped');
    expectReadable(waiting.message);

    exhausted = false;
    await runUntil(h, clock, t0 + RESET_MS + 20 * 60_000);
    console.log(`[row 16] X-RateLimit-Reset in 40 min: requests before the reset ${requests.filter((at) => at > t0 && at < t0 + RESET_MS).length}, next request after ${(((requests[1] ?? 0) - t0) / 60_000).toFixed(1)} min`);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests[1]).toBeGreaterThanOrEqual(t0 + RESET_MS);
    expect(hook.titles('quota')).toEqual(['quota post 5', 'quota post 6']);
    expect(healthy.delivered()).toEqual(['healthy post 5']);
  });
});

// ---------------------------------------------------------------------------------------------
// A day-long outage, with the fake clock: back off, never pause for it, resume after.

const DAY = 24 * 60 * 60_000;

describe('a 24 h outage', () => {
  const outageCases = [{ name: 'HTTP 500 all day', closedPort: false }, { name: 'connection refused all day', closedPort: true }];

  it.each(outageCases)('$name: at most 12 attempts, not paused, back to the normal interval after', async ({ closedPort }) => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const h = await harness({ clock });
    const hook = await webhookReceiver();
    const healthy = await healthyTrigger(h, hook, { clock, intervalSeconds: 3600 });
    const down = await feedServer('down', HOSTILE_HOST, clock);
    const url = down.url;
    const port = down.server.port;
    if (closedPort) await down.server.close();
    else
      down.feed.fault = (_req, res) => {
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<h1>Internal Server Error</h1>');
      };
    const trigger = await createTrigger(h, 'Down', url, hook);
    h.engine.start();

    await runUntil(h, clock, t0 + 12 * 60 * 60_000);
    healthy.feed.newest = 6; // the healthy feed moves on during the outage
    await runUntil(h, clock, t0 + DAY - 1);

    const failures = (await fetchRuns(h, trigger.id)).filter((run) => run.outcome === 'error');
    const attempts = failures.map((run) => run.at);
    const gaps = attempts.slice(1).map((at, index) => Math.round((at - (attempts[index] ?? at)) / 60_000));
    console.log(`[row 13] ${closedPort ? 'refused' : '500'}: ${attempts.length} attempts in 24 h, gaps ${gaps.join(', ')} min; last error "${failures.at(-1)?.message}"`);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.length).toBeLessThanOrEqual(12);
    if (!closedPort) expect(down.feed.times.filter((at) => at < t0 + DAY)).toHaveLength(attempts.length);
    for (const run of failures) expect(expectReadable(run.message)).toMatch(closedPort ? /Connection refused by 127\.0\.0\.2:\d+/ : /HTTP 500 Internal Server Error from 127\.0\.0\.2:\d+/);
    // Never harder than its interval.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(15);
    const view = await h.call('triggers.get', { id: trigger.id });
    expect(view.pausedReason).toBeNull();
    expect(view.enabled).toBe(true);
    expect(view.consecutiveFailures).toBe(attempts.length);
    expect(healthy.delivered()).toEqual(['healthy post 5', 'healthy post 6']);

    // The site comes back (same address); the next attempt succeeds and the interval is 15 min again.
    if (closedPort) {
      await server((_req, res) => {
        down.feed.times.push(clock.now());
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(rssDocument('down feed', numberedItems('down', 5, 5)));
      }, HOSTILE_HOST, port);
    } else {
      down.feed.fault = null;
    }
    await runUntil(h, clock, t0 + 3 * DAY);
    const recovered = (await fetchRuns(h, trigger.id)).filter((run) => run.outcome !== 'error');
    expect(recovered.length).toBeGreaterThanOrEqual(2);
    const [firstOk, secondOk] = recovered;
    expect(firstOk?.outcome).toBe('ok');
    const interval = (secondOk?.at ?? 0) - (firstOk?.at ?? 0);
    console.log(`[row 13] recovered ${(((firstOk?.at ?? 0) - t0) / 3_600_000).toFixed(1)} h after the outage began; next fetch ${Math.round(interval / 60_000)} min later`);
    expect(interval).toBeGreaterThanOrEqual(15 * 60_000);
    expect(interval).toBeLessThanOrEqual(15 * 60_000 * 1.1 + 1000);
    expect((await h.call('triggers.get', { id: trigger.id })).consecutiveFailures).toBe(0);
    expect(hook.titles('down')).toEqual(['down post 5']);
  });
});

// ---------------------------------------------------------------------------------------------
// Etiquette on one host: 2 connections at most, one GET for a new feed, our User-Agent.

describe('per-host cap', () => {
  it('50 feeds on one host: at most 2 at once; adding a feed makes exactly one GET; every request carries our User-Agent', async () => {
    const h = await harness();
    const hook = await webhookReceiver();
    const healthy = await healthyTrigger(h, hook);
    let inFlight = 0;
    let peak = 0;
    const sockets = new Set<Socket>();
    let peakSockets = 0;
    const busy = await server(async (req, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      // Connections open at once (a socket counts from its first request until it closes).
      if (!sockets.has(req.socket)) {
        sockets.add(req.socket);
        req.socket.once('close', () => sockets.delete(req.socket));
      }
      peakSockets = Math.max(peakSockets, sockets.size);
      await sleep(20);
      const name = (req.url ?? '').replace(/^\/|\.xml$/g, '');
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rssDocument(name, numberedItems(name, 3, 3)), () => {
        inFlight -= 1;
      });
    }, HOSTILE_HOST);
    for (let index = 1; index <= 50; index += 1) {
      await h.call('triggers.create', {
        name: `Busy ${index}`,
        provider: { service: 'rss', params: { url: `${busy.url}/feed-${index}.xml` } },
        consumer: { service: 'webhook', params: { url: `${hook.url}/busy` } },
      });
    }
    expect(busy.requests).toHaveLength(0); // creating a trigger fetches nothing
    h.engine.gate.takePeakPerHost();
    await h.engine.runFetch({ all: false });
    const gatePeak = h.engine.gate.takePeakPerHost().get(busy.url.replace('http://', '')) ?? 0;
    console.log(`[row 15] 50 feeds on one host: ${busy.requests.length} GETs; at the server at most ${peak} requests and ${peakSockets} connections at once (gate: ${gatePeak})`);
    expect(busy.requests).toHaveLength(50);
    expect(new Set(busy.requests.map((request) => request.url)).size).toBe(50);
    expect(peak).toBeLessThanOrEqual(2);
    expect(peakSockets).toBeLessThanOrEqual(2);
    expect(gatePeak).toBeLessThanOrEqual(2);
    expect(healthy.server.requests).toHaveLength(1);

    const added = await h.call('triggers.create', {
      name: 'Busy 51',
      provider: { service: 'rss', params: { url: `${busy.url}/feed-51.xml` } },
      consumer: { service: 'webhook', params: { url: `${hook.url}/busy` } },
    });
    expect(busy.requests).toHaveLength(50);
    await h.engine.runFetch({ all: false });
    expect(busy.requests.slice(50).map((request) => request.url)).toEqual(['/feed-51.xml']);
    expect((await lastFetchRun(h, added.id)).message).toMatch(/First run: 3 items already there recorded as seen/);
    const agents = new Set([...busy.requests, ...healthy.server.requests].map((request) => request.headers['user-agent']));
    expect([...agents]).toEqual([USER_AGENT]);
    expect(USER_AGENT).toMatch(/^TriggerHappy\/\d+\.\d+\.\d+ \(\+https?:\/\/\S+\)$/);
  });
});

// ---------------------------------------------------------------------------------------------
// Auto-pause after N consecutive failures.

describe('auto-pause', () => {
  it('pauses after maxConsecutiveFailures (3) with the reason and one notification; enabling it again clears it', async () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const h = await harness({ clock, settings: { maxConsecutiveFailures: 3 } });
    const hook = await webhookReceiver();
    const healthy = await healthyTrigger(h, hook, { clock, intervalSeconds: 6 * 3600 });
    const broken = await feedServer('broken', HOSTILE_HOST, clock);
    broken.feed.fault = (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('boom');
    };
    const trigger = await createTrigger(h, 'Broken', broken.url, hook);
    h.engine.start();
    await runUntil(h, clock, t0 + 2 * DAY);

    const view = await h.call('triggers.get', { id: trigger.id });
    expect(broken.feed.times).toHaveLength(3);
    expect(view.pausedReason).toMatch(/^Paused after 3 consecutive failures: HTTP 500 Internal Server Error from 127\.0\.0\.2:\d+$/);
    expectReadable(view.pausedReason);
    const runs = await fetchRuns(h, trigger.id);
    expect(runs.map((run) => run.outcome)).toEqual(['error', 'error', 'error']);
    expect(runs.at(-1)?.message).toMatch(/Paused after 3 consecutive failures/);
    const pauses = h.notifications.filter((notification) => notification.title === 'Broken paused');
    expect(pauses).toHaveLength(1);
    expect(pauses[0]?.body).toBe(view.pausedReason);
    expect(pauses[0]?.triggerIds).toEqual([trigger.id]);
    console.log(`[auto-pause] paused after 3 failures in ${Math.round(((runs.at(-1)?.at ?? t0) - t0) / 60_000)} min: "${view.pausedReason}"`);
    expect(healthy.delivered()).toEqual(['healthy post 5']);

    // Enabling it again clears the pause and its count; the site works again.
    broken.feed.fault = null;
    const enabled = await h.call('triggers.setEnabled', { id: trigger.id, enabled: true });
    expect(enabled.pausedReason).toBeNull();
    expect(enabled.consecutiveFailures).toBe(0);
    await runUntil(h, clock, clock.now() + 10 * 60_000);
    expect(broken.feed.times).toHaveLength(4);
    expect((await lastFetchRun(h, trigger.id)).outcome).toBe('ok');
    expect(hook.titles('broken')).toEqual(['broken post 5']);
    expect(h.notifications.filter((notification) => notification.title === 'Broken paused')).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Conditional GET: the validators sent back verbatim, a 304 every time nothing changed.

describe('conditional GET', () => {
  it('after the first GET every request is conditional, with the tokens verbatim, and an unchanged feed is 100 % 304s', async () => {
    const h = await harness();
    const hook = await webhookReceiver();
    const healthy = await healthyTrigger(h, hook);
    // Odd but valid validators: a weak ETag with punctuation, and a Last-Modified-only server.
    const ETAG = 'W/"v1;gzip+\u0021x"';
    const LAST_MODIFIED = 'Sun, 29 Nov 2026 10:00:00 GMT';
    const answers: number[] = [];
    const validators = await server((req, res) => {
      const both = req.url === '/both.xml';
      const fresh = both ? req.headers['if-none-match'] === ETAG : req.headers['if-modified-since'] === LAST_MODIFIED;
      const status = fresh ? 304 : 200;
      answers.push(status);
      const headers: Record<string, string> = { 'last-modified': LAST_MODIFIED };
      if (both) headers.etag = ETAG;
      if (status === 304) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', ...headers });
      res.end(rssDocument('validators', numberedItems(both ? 'both' : 'lm', 5, 5)));
    }, HOSTILE_HOST);
    const both = await createTrigger(h, 'Both', `${validators.url}/both.xml`, hook);
    const onlyDate = await createTrigger(h, 'Only date', `${validators.url}/lm.xml`, hook);
    const CYCLES = 10;
    for (let cycle = 0; cycle < CYCLES; cycle += 1) await h.engine.runOnce();

    const byPath = (name: string) => validators.requests.filter((request) => request.url === name);
    for (const [name, expectedHeaders] of [
      ['/both.xml', { 'if-none-match': ETAG, 'if-modified-since': LAST_MODIFIED }],
      ['/lm.xml', { 'if-modified-since': LAST_MODIFIED }],
    ] as const) {
      const requests = byPath(name);
      expect(requests).toHaveLength(CYCLES);
      expect(requests[0]?.headers['if-none-match']).toBeUndefined();
      expect(requests[0]?.headers['if-modified-since']).toBeUndefined();
      const unconditional = requests.slice(1).filter((request) => request.headers['if-none-match'] === undefined && request.headers['if-modified-since'] === undefined);
      expect(unconditional).toHaveLength(0);
      for (const request of requests.slice(1)) {
        expect(request.headers['if-none-match']).toBe('if-none-match' in expectedHeaders ? expectedHeaders['if-none-match'] : undefined);
        expect(request.headers['if-modified-since']).toBe(expectedHeaders['if-modified-since']);
      }
    }
    const after = answers.filter((_status, index) => index >= 2);
    const rate = after.filter((status) => status === 304).length / after.length;
    console.log(`[row 14] ${CYCLES} cycles × 2 feeds: ${answers.filter((status) => status === 200).length} full GETs, ${after.length} conditional, 304 rate ${(rate * 100).toFixed(0)} %`);
    expect(rate).toBe(1);
    for (const trigger of [both, onlyDate]) {
      const runs = await fetchRuns(h, trigger.id);
      expect(runs.map((run) => run.outcome)).toEqual(['ok', ...Array<string>(CYCLES - 1).fill('unchanged')]);
    }
    expect(healthy.delivered()).toEqual(['healthy post 5']);
  });
});
