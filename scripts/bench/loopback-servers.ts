import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { feedDocument, feedEtag } from './feed-document';
import type { ServerCounters, ServersReady, ServersSetup } from './protocol';

// The benchmark's loopback servers, in their own process so their CPU never shows up in the
// engine's event-loop figures: N feed hosts (127.0.0.2, …) serving /feed/<i>.xml with ETags and
// 304s, M webhook receivers (127.0.1.2, …) counting deliveries and duplicate webhook-ids, and a
// control endpoint on 127.0.0.1. Every answer waits `latencyMs` first. Loopback only.
// Started by scripts/bench.ts with child_process.fork; the setup arrives as the first message.

interface HostStats {
  inFlight: number;
  maxInFlight: number;
  sockets: number;
  maxSockets: number;
}

function newHostStats(): HostStats {
  return { inFlight: 0, maxInFlight: 0, sockets: 0, maxSockets: 0 };
}

const counters = {
  feedRequests: 0,
  feedOk: 0,
  feedNotModified: 0,
  feedOther: 0,
  feedBytes: 0,
  conditionalRequests: 0,
  hookDeliveries: 0,
  hookDuplicates: 0,
  overBudget: 0,
};
const deliveredIds = new Set<string>();
/** When the first request arrived and the last answer left since the last reset of peaks (epoch ms, 0 = none). */
const span = { firstArrivedAt: 0, lastAnsweredAt: 0 };
let version = 0;
const bodies: Buffer[] = [];

function feedAddress(index: number): string {
  return `127.0.0.${index + 2}`;
}

function receiverAddress(index: number): string {
  return `127.0.1.${index + 2}`;
}

function regenerate(setup: ServersSetup): void {
  for (let feed = 0; feed < setup.feeds; feed += 1) bodies[feed] = Buffer.from(feedDocument(feed, version, setup.feedItems));
}

function track(server: http.Server, stats: HostStats): void {
  server.on('connection', (socket) => {
    stats.sockets += 1;
    stats.maxSockets = Math.max(stats.maxSockets, stats.sockets);
    socket.once('close', () => {
      stats.sockets -= 1;
    });
  });
}

/** Counts one request in flight on its host until the answer is sent (or the client left). */
function inFlight(stats: HostStats, res: http.ServerResponse): void {
  stats.inFlight += 1;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
  res.once('close', () => {
    stats.inFlight -= 1;
  });
}

function overBudget(setup: ServersSetup, res: http.ServerResponse): boolean {
  if (counters.feedRequests + counters.hookDeliveries <= setup.requestBudget) return false;
  counters.overBudget += 1;
  res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '3600' });
  res.end('The benchmark request budget is spent');
  return true;
}

function later(setup: ServersSetup, answer: () => void): void {
  if (setup.latencyMs > 0) setTimeout(answer, setup.latencyMs);
  else setImmediate(answer);
}

function feedHandler(setup: ServersSetup, hostIndex: number, stats: HostStats): http.RequestListener {
  return (req, res) => {
    inFlight(stats, res);
    counters.feedRequests += 1;
    if (overBudget(setup, res)) return;
    const match = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
    const feed = match ? Number(match[1]) : -1;
    later(setup, () => {
      const body = bodies[feed];
      if (!body || feed % setup.hosts !== hostIndex || req.method !== 'GET') {
        counters.feedOther += 1;
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('No such feed on this host');
        return;
      }
      const etag = feedEtag(feed, version);
      if (req.headers['if-none-match'] !== undefined) counters.conditionalRequests += 1;
      if (req.headers['if-none-match'] === etag) {
        counters.feedNotModified += 1;
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      counters.feedOk += 1;
      counters.feedBytes += body.length;
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': body.length, etag });
      res.end(body);
    });
  };
}

function hookHandler(setup: ServersSetup, stats: HostStats): http.RequestListener {
  return (req, res) => {
    inFlight(stats, res);
    if (span.firstArrivedAt === 0) span.firstArrivedAt = Date.now();
    res.once('finish', () => {
      span.lastAnsweredAt = Date.now();
    });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      counters.hookDeliveries += 1;
      if (overBudget(setup, res)) return;
      const id = req.headers['webhook-id'];
      if (typeof id === 'string') {
        if (deliveredIds.has(id)) counters.hookDuplicates += 1;
        else deliveredIds.add(id);
      }
      later(setup, () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
  };
}

function listen(server: http.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port: 0, backlog: 1024 }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function peaks(stats: readonly HostStats[]): { inFlight: number; sockets: number } {
  return {
    inFlight: Math.max(0, ...stats.map((entry) => entry.maxInFlight)),
    sockets: Math.max(0, ...stats.map((entry) => entry.maxSockets)),
  };
}

function resetPeaks(stats: readonly HostStats[]): void {
  span.firstArrivedAt = 0;
  span.lastAnsweredAt = 0;
  for (const entry of stats) {
    entry.maxInFlight = entry.inFlight;
    entry.maxSockets = entry.sockets;
  }
}

async function start(setup: ServersSetup): Promise<ServersReady> {
  regenerate(setup);
  const servers: http.Server[] = [];
  const feedStats: HostStats[] = [];
  const hookStats: HostStats[] = [];
  const feeds: ServersReady['feeds'] = [];
  const receivers: ServersReady['receivers'] = [];
  for (let index = 0; index < setup.hosts; index += 1) {
    const stats = newHostStats();
    const server = http.createServer(feedHandler(setup, index, stats));
    track(server, stats);
    feedStats.push(stats);
    servers.push(server);
    feeds.push({ address: feedAddress(index), port: await listen(server, feedAddress(index)) });
  }
  for (let index = 0; index < setup.receivers; index += 1) {
    const stats = newHostStats();
    const server = http.createServer(hookHandler(setup, stats));
    track(server, stats);
    hookStats.push(stats);
    servers.push(server);
    receivers.push({ address: receiverAddress(index), port: await listen(server, receiverAddress(index)) });
  }

  const snapshot = (): ServerCounters => ({
    ...counters,
    version,
    distinctIds: deliveredIds.size,
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    feedPeak: peaks(feedStats),
    hookPeak: peaks(hookStats),
    ...span,
  });
  const control = http.createServer((req, res) => {
    const reply = (value: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const route = `${req.method ?? ''} ${req.url ?? ''}`;
    if (route === 'GET /counters') return reply(snapshot());
    if (route === 'POST /reset-peaks') {
      resetPeaks(feedStats);
      resetPeaks(hookStats);
      return reply(snapshot());
    }
    if (route === 'POST /bump') {
      // Every feed gets one new item; the bodies are built before answering, outside any measurement.
      version += 1;
      regenerate(setup);
      return reply(snapshot());
    }
    if (route === 'POST /reset') {
      // A fresh engine numbers its triggers from 1 again, so its webhook-ids start over too.
      for (const key of Object.keys(counters) as Array<keyof typeof counters>) counters[key] = 0;
      deliveredIds.clear();
      version = 0;
      regenerate(setup);
      resetPeaks(feedStats);
      resetPeaks(hookStats);
      return reply(snapshot());
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('unknown control route');
  });
  servers.push(control);
  const controlPort = await listen(control, '127.0.0.1');
  process.once('disconnect', () => {
    for (const server of servers) server.close();
    process.exit(0);
  });
  return { control: `http://127.0.0.1:${controlPort}`, feeds, receivers, feedBytes: bodies.reduce((sum, body) => sum + body.length, 0) / Math.max(1, bodies.length) };
}

process.once('message', (message: ServersSetup) => {
  start(message).then(
    (ready) => process.send?.({ type: 'ready', ready }),
    (error: unknown) => {
      process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
});
