import { describe, expect, it } from 'vitest';
import type { ItemView } from '../../src/shared/models';
import { engineTestScope, tempDir, type Harness } from '../support/engine-harness';
import { FakeClock } from '../support/fake-clock';
import { startServer, type LoopbackServer } from '../support/loopback-server';
import { numberedItems, rssDocument } from '../support/rss-fixture';

// Publishing in batches, end to end: a host's slots take several items at a time and the worker
// sends them one after another. What a consumer sees must not change: each trigger's items in
// order, nothing sent after a host asked us to wait, nothing of a broken trigger sent past the
// failure, and every item that was not attempted back in the queue exactly as it was.

const { closeAfter, harness } = engineTestScope();

/** A feed the test moves forward: `newest` is the number of its newest post. */
async function feed(prefix: string) {
  const state = { newest: 3 };
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(rssDocument(`${prefix} feed`, numberedItems(prefix, state.newest, state.newest)));
  });
  closeAfter(() => server.close());
  return { state, url: `${server.url}/${prefix}.xml` };
}

/** One receiver host; `answer` decides each delivery's response from its path and body. */
async function receiver(answer: (path: string, title: string) => { status: number; headers?: Record<string, string> }): Promise<LoopbackServer> {
  const server = await startServer((req, res, body) => {
    const { status, headers } = answer(req.url ?? '', (JSON.parse(body) as { item: { title: string } }).item.title);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(status < 300 ? '{"ok":true}' : '{"error":"no"}');
  });
  closeAfter(() => server.close());
  return server;
}

function titlesAt(server: LoopbackServer, path: string): string[] {
  return server.requests.filter((request) => request.url === path).map((request) => (JSON.parse(request.body) as { item: { title: string } }).item.title);
}

async function itemsOf(h: Harness, triggerId: number): Promise<ItemView[]> {
  return (await h.call('items.list', { triggerId })).filter((item) => item.reason !== 'baseline').sort((a, b) => a.id - b.id);
}

describe('publishing in batches', () => {
  it('stops at a 429: nothing more reaches the host before its time, the unsent items are queued as before, then all arrive once, in order', async () => {
    const clock = new FakeClock();
    const h = await harness({ clock });
    const source = await feed('queue');
    let deliveries = 0;
    const hook = await receiver(() => {
      deliveries += 1;
      return deliveries === 4 ? { status: 429, headers: { 'retry-after': '60' } } : { status: 200 };
    });
    const trigger = await h.call('triggers.create', {
      name: 'Queue',
      provider: { service: 'rss', params: { url: source.url } },
      consumer: { service: 'webhook', params: { url: `${hook.url}/queue` } },
      maxPerRun: 20,
    });
    await h.engine.runOnce(); // the baseline: posts 1–3 seen
    source.state.newest = 15; // posts 4–15 are new
    await h.engine.runFetch({ all: true });

    await h.engine.runPublish({});
    expect(titlesAt(hook, '/queue')).toEqual(['queue post 4', 'queue post 5', 'queue post 6', 'queue post 7']);
    const held = await itemsOf(h, trigger.id);
    expect(held.map((item) => [item.title, item.state, item.attempts])).toEqual([
      ['queue post 4', 'sent', 1],
      ['queue post 5', 'sent', 1],
      ['queue post 6', 'sent', 1],
      // Asked to wait: the try does not count.
      ['queue post 7', 'retry', 0],
      // Never attempted: untouched.
      ...[8, 9, 10, 11, 12, 13, 14, 15].map((n) => [`queue post ${n}`, 'pending', 0]),
    ]);
    expect(held.filter((item) => item.state === 'pending').every((item) => item.lastError === null)).toBe(true);
    const run = (await h.call('runs.list', { triggerId: trigger.id })).find((entry) => entry.kind === 'publish');
    expect(run).toMatchObject({ publishedCount: 3, failedCount: 1 });

    // Before the time: not a single request.
    clock.set(clock.now() + 30_000);
    await h.engine.runPublish({});
    expect(hook.requests).toHaveLength(4);

    clock.set(clock.now() + 31_000);
    await h.engine.runPublish({});
    const delivered = titlesAt(hook, '/queue');
    expect(delivered.slice(4)).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15].map((n) => `queue post ${n}`));
    expect((await itemsOf(h, trigger.id)).every((item) => item.state === 'sent')).toBe(true);
  });

  it("pauses a trigger whose consumer breaks mid-batch and keeps its later items queued; the host's other triggers are all delivered, in order", async () => {
    const h = await harness();
    const broken = await feed('broken');
    const healthy = await feed('healthy');
    const hook = await receiver((path) => (path === '/broken' ? { status: 404 } : { status: 200 }));
    const create = (name: string, url: string, path: string) =>
      h.call('triggers.create', { name, provider: { service: 'rss', params: { url } }, consumer: { service: 'webhook', params: { url: `${hook.url}${path}` } }, maxPerRun: 20 });
    const brokenTrigger = await create('Broken', broken.url, '/broken');
    const healthyTrigger = await create('Healthy', healthy.url, '/healthy');
    await h.engine.runOnce();
    broken.state.newest = 9;
    healthy.state.newest = 9;
    await h.engine.runFetch({ all: true });

    const report = await h.engine.runPublish({});
    expect(report.paused.map((event) => event.triggerId)).toEqual([brokenTrigger.id]);
    expect(titlesAt(hook, '/broken')).toEqual(['broken post 4']);
    const queued = await itemsOf(h, brokenTrigger.id);
    expect(queued.map((item) => [item.state, item.attempts])).toEqual([['retry', 0], ...Array.from({ length: 5 }, () => ['pending', 0])]);
    expect(titlesAt(hook, '/healthy')).toEqual([4, 5, 6, 7, 8, 9].map((n) => `healthy post ${n}`));
    expect((await itemsOf(h, healthyTrigger.id)).every((item) => item.state === 'sent')).toBe(true);
  });

  it('quits without waiting for the batches queued in the workers: the delivery on the network ends, the rest stays queued', async () => {
    const dataDir = tempDir();
    const h = await harness({ dataDir });
    const source = await feed('slow');
    const hook = await startServer(async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    closeAfter(() => hook.close());
    const trigger = await h.call('triggers.create', {
      name: 'Slow',
      provider: { service: 'rss', params: { url: source.url } },
      consumer: { service: 'webhook', params: { url: `${hook.url}/slow` } },
      maxPerRun: 20,
    });
    await h.engine.runOnce();
    source.state.newest = 15;
    await h.engine.runFetch({ all: true });

    const publishing = h.engine.runPublish({});
    while (hook.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    // The second delivery is on the network (each answer takes 400 ms) when the user quits.
    await h.close();
    await publishing.catch(() => undefined);
    expect(hook.requests).toHaveLength(2);

    const again = await harness({ dataDir });
    const items = await itemsOf(again, trigger.id);
    const sent = items.filter((item) => item.state === 'sent');
    expect(sent.length).toBe(hook.requests.length);
    expect(items.filter((item) => item.state === 'pending' || item.state === 'retry')).toHaveLength(12 - sent.length);
    expect(items.every((item) => item.state !== 'sending')).toBe(true);
    await again.engine.runPublish({});
    expect(titlesAt(hook, '/slow')).toEqual(Array.from({ length: 12 }, (_, index) => `slow post ${index + 4}`));
  });
});
