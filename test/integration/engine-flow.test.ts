import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USER_AGENT } from '../../src/main/engine/user-agent';
import { engineTestScope, startHarness, tempDir } from '../support/engine-harness';
import { startServer, type LoopbackServer } from '../support/loopback-server';
import { numberedItems, rssDocument } from '../support/rss-fixture';

// The engine end to end in plain Node: real SQLite files, real piscina threads running the built
// worker, loopback feed and webhook servers.

const { closeAfter, harness } = engineTestScope();

/** A feed whose newest item number the test moves; answers conditional GETs with 304. */
async function feedServer(prefix: string, host = '127.0.0.1') {
  const feed = { newest: 5, count: 5, etag: '', status: 200 as number };
  const server = await startServer((req, res) => {
    if (feed.status !== 200) {
      res.writeHead(feed.status, { 'content-type': 'text/plain' });
      res.end('nope');
      return;
    }
    const body = rssDocument(`${prefix} feed`, numberedItems(prefix, feed.newest, feed.count));
    const etag = `"${prefix}-${feed.newest}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'last-modified': 'Sun, 29 Nov 2026 10:00:00 GMT' });
    res.end(body);
  }, { host });
  closeAfter(() => server.close());
  return { server, feed, url: `${server.url}/feed.xml` };
}

async function webhookReceiver(): Promise<LoopbackServer & { ids: () => string[] }> {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  closeAfter(() => server.close());
  return Object.assign(server, { ids: () => server.requests.map((request) => String(request.headers['webhook-id'])) });
}

function markdownFiles(folder: string): string[] {
  return fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith('.md')).sort() : [];
}

describe('engine: fetch → outbox → publish', () => {
  it('records a baseline first, then publishes each new item exactly once to Markdown', async () => {
    const h = await harness();
    const { feed, url, server } = await feedServer('blog');
    const folder = path.join(tempDir(), 'vault');
    const trigger = await h.call('triggers.create', {
      name: 'Blog',
      provider: { service: 'rss', params: { url } },
      consumer: { service: 'markdown', params: { folder } },
    });

    await h.engine.runOnce();
    expect(markdownFiles(folder)).toEqual([]);
    const [baseline] = await h.call('runs.list', { triggerId: trigger.id });
    expect(baseline).toMatchObject({ kind: 'fetch', outcome: 'ok', newCount: 0 });
    expect(baseline?.message).toMatch(/First run: 5 items already there recorded as seen/);

    feed.newest = 7; // two new posts
    await h.engine.runOnce();
    const files = markdownFiles(folder);
    expect(files).toHaveLength(2);
    expect(fs.readFileSync(path.join(folder, files.find((name) => name.includes('blog-post-7')) ?? files[0] ?? ''), 'utf8')).toContain('title: "blog post 7"');
    const runs = await h.call('runs.list', { triggerId: trigger.id, limit: 2 });
    expect(runs.map((run) => [run.kind, run.outcome, run.newCount, run.publishedCount])).toEqual([
      ['publish', 'ok', 0, 2],
      ['fetch', 'ok', 2, 0],
    ]);
    expect(h.notifications.map((n) => n.title)).toEqual(['Blog: 2 new items']);

    // Unchanged feed: a conditional GET, 304, nothing new, nothing republished.
    await h.engine.runOnce();
    expect(markdownFiles(folder)).toHaveLength(2);
    const last = server.requests.at(-1);
    expect(last?.headers['if-none-match']).toBe('"blog-7"');
    expect(last?.headers['user-agent']).toBe(USER_AGENT);
    const [unchanged] = await h.call('runs.list', { triggerId: trigger.id, limit: 1 });
    expect(unchanged?.outcome).toBe('unchanged');
  });

  it('publishes the latest N on the first run when asked', async () => {
    const h = await harness();
    const { url } = await feedServer('news');
    const hook = await webhookReceiver();
    await h.call('triggers.create', {
      name: 'News',
      provider: { service: 'rss', params: { url } },
      consumer: { service: 'webhook', params: { url: `${hook.url}/hook` } },
      firstRunLatest: 2,
    });
    await h.engine.runOnce();
    const titles = hook.requests.map((request) => (JSON.parse(request.body) as { item: { title: string } }).item.title);
    expect(titles).toEqual(['news post 4', 'news post 5']); // oldest of the two first
  });

  it('shares one GET per cycle between triggers reading the same feed (fan-out)', async () => {
    const h = await harness();
    const { url, server, feed } = await feedServer('shared');
    const hook = await webhookReceiver();
    const folder = path.join(tempDir(), 'vault');
    await h.call('triggers.create', { name: 'To notes', provider: { service: 'rss', params: { url } }, consumer: { service: 'markdown', params: { folder } } });
    await h.call('triggers.create', { name: 'To hook', provider: { service: 'rss', params: { url } }, consumer: { service: 'webhook', params: { url: hook.url } } });
    await h.engine.runOnce();
    expect(server.requests).toHaveLength(1);
    feed.newest = 6;
    await h.engine.runOnce();
    expect(server.requests).toHaveLength(2);
    expect(markdownFiles(folder)).toHaveLength(1);
    expect(hook.requests).toHaveLength(1);
  });

  it('gives a trigger added to a feed already read its own first run, while the first trigger gets only new items', async () => {
    const h = await harness();
    const { url, server, feed } = await feedServer('joined');
    const hook = await webhookReceiver();
    const folder = path.join(tempDir(), 'vault');
    await h.call('triggers.create', { name: 'First reader', provider: { service: 'rss', params: { url } }, consumer: { service: 'markdown', params: { folder } } });
    await h.engine.runOnce();
    expect(markdownFiles(folder)).toEqual([]);

    feed.newest = 6;
    const late = await h.call('triggers.create', {
      name: 'Late reader',
      provider: { service: 'rss', params: { url } },
      consumer: { service: 'webhook', params: { url: hook.url } },
      firstRunLatest: 2,
    });
    await h.engine.runOnce();
    expect(server.requests).toHaveLength(2);
    expect(markdownFiles(folder)).toEqual([expect.stringContaining('joined-post-6')]);
    const titles = () => hook.requests.map((request) => (JSON.parse(request.body) as { item: { title: string } }).item.title);
    expect(titles()).toEqual(['joined post 5', 'joined post 6']);
    const lateRun = (await h.call('runs.list', { triggerId: late.id })).find((run) => run.kind === 'fetch');
    expect(lateRun?.message).toMatch(/First run: 3 items already there recorded as seen; the latest 2 will be published/);

    feed.newest = 7;
    await h.engine.runOnce();
    expect(markdownFiles(folder)).toHaveLength(2);
    expect(titles()).toEqual(['joined post 5', 'joined post 6', 'joined post 7']);
  });

  it('filters before the outbox and records filtered items so they are not new again', async () => {
    const h = await harness();
    const { url, feed } = await feedServer('mixed');
    const hook = await webhookReceiver();
    const trigger = await h.call('triggers.create', {
      name: 'Only even',
      provider: { service: 'rss', params: { url } },
      consumer: { service: 'webhook', params: { url: hook.url } },
      include: ['/post (6|8)$/'],
    });
    await h.engine.runOnce();
    feed.newest = 8;
    await h.engine.runOnce();
    await h.engine.runOnce();
    expect(hook.requests.map((request) => (JSON.parse(request.body) as { item: { title: string } }).item.title)).toEqual(['mixed post 6', 'mixed post 8']);
    const filtered = await h.call('items.list', { triggerId: trigger.id, state: 'filtered' });
    expect(filtered.map((item) => item.title)).toEqual(['mixed post 7']);
  });

  it('holds back the flood: at most maxPerRun per publish cycle, the rest later, none dropped', async () => {
    const h = await harness();
    const { url, feed } = await feedServer('flood');
    const hook = await webhookReceiver();
    await h.call('triggers.create', {
      name: 'Flood',
      provider: { service: 'rss', params: { url } },
      consumer: { service: 'webhook', params: { url: hook.url } },
      maxPerRun: 3,
    });
    await h.engine.runOnce();
    feed.newest = 12;
    feed.count = 12;
    await h.engine.runOnce();
    expect(hook.requests).toHaveLength(3);
    await h.engine.runPublish({});
    await h.engine.runPublish({});
    expect(hook.requests).toHaveLength(7);
    expect(new Set(hook.ids()).size).toBe(7);
  });

  it('keeps validators across a restart and sends them back verbatim', async () => {
    const dataDir = tempDir();
    const { url, server } = await feedServer('restart');
    const first = await startHarness({ dataDir });
    await first.call('triggers.create', { name: 'R', provider: { service: 'rss', params: { url } }, consumer: { service: 'markdown', params: { folder: path.join(dataDir, 'notes') } } });
    await first.engine.runOnce();
    await first.close();
    const second = await harness({ dataDir });
    await second.engine.runOnce();
    await second.engine.runOnce();
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]?.headers['if-none-match']).toBeUndefined();
    for (const request of server.requests.slice(1)) {
      expect(request.headers['if-none-match']).toBe('"restart-5"');
      expect(request.headers['if-modified-since']).toBe('Sun, 29 Nov 2026 10:00:00 GMT');
    }
  });

  it('pauses a trigger whose feed is gone (410), with one notification, leaving the others working', async () => {
    const h = await harness();
    const gone = await feedServer('gone');
    const alive = await feedServer('alive', '127.0.0.2');
    const folder = path.join(tempDir(), 'vault');
    const dead = await h.call('triggers.create', { name: 'Dead', provider: { service: 'rss', params: { url: gone.url } }, consumer: { service: 'markdown', params: { folder } } });
    const fine = await h.call('triggers.create', { name: 'Fine', provider: { service: 'rss', params: { url: alive.url } }, consumer: { service: 'markdown', params: { folder } } });
    await h.engine.runOnce();
    gone.feed.status = 410;
    alive.feed.newest = 6;
    await h.engine.runOnce();
    const deadView = await h.call('triggers.get', { id: dead.id });
    expect(deadView.pausedReason).toMatch(/410|gone/i);
    expect(h.notifications.filter((n) => n.title === 'Dead paused')).toHaveLength(1);
    const [errorRun] = await h.call('runs.list', { triggerId: dead.id, limit: 1 });
    expect(errorRun?.outcome).toBe('error');
    expect(markdownFiles(folder)).toHaveLength(1);
    expect((await h.call('triggers.get', { id: fine.id })).pausedReason).toBeNull();
    const status = await h.call('engine.status', {});
    expect(status.triggers).toEqual({ total: 2, enabled: 2, failing: 1 });
    expect(status.phase).toBe('error');
    // A paused trigger is not fetched again.
    const before = gone.server.requests.length;
    await h.engine.runOnce();
    expect(gone.server.requests.length).toBe(before);
  });

  it('pauses a trigger whose webhook is gone (404) and keeps its items queued', async () => {
    const h = await harness();
    const { url, feed } = await feedServer('orphan');
    const hook = await startServer((_req, res) => {
      res.writeHead(404);
      res.end('no such hook');
    });
    closeAfter(() => hook.close());
    const trigger = await h.call('triggers.create', { name: 'Orphan', provider: { service: 'rss', params: { url } }, consumer: { service: 'webhook', params: { url: hook.url } } });
    await h.engine.runOnce();
    feed.newest = 7;
    await h.engine.runOnce();
    const view = await h.call('triggers.get', { id: trigger.id });
    expect(view.pausedReason).toMatch(/404/);
    const items = await h.call('items.list', { triggerId: trigger.id });
    const queued = items.filter((item) => item.state === 'pending' || item.state === 'retry');
    expect(queued.map((item) => item.title).sort()).toEqual(['orphan post 6', 'orphan post 7']);
  });

  it('follows a permanent redirect by updating the stored URL', async () => {
    const h = await harness();
    const { url: target } = await feedServer('moved');
    const old = await startServer((_req, res) => {
      res.writeHead(301, { location: target });
      res.end();
    });
    closeAfter(() => old.close());
    const trigger = await h.call('triggers.create', {
      name: 'Moved',
      provider: { service: 'rss', params: { url: `${old.url}/old.xml` } },
      consumer: { service: 'markdown', params: { folder: path.join(tempDir(), 'v') } },
    });
    await h.engine.runOnce();
    expect((await h.call('triggers.get', { id: trigger.id })).provider.params.url).toBe(target);
    await h.engine.runOnce();
    expect(old.requests).toHaveLength(1);
  });

  it('never hands a webhook secret back, and signs with it', async () => {
    const h = await harness();
    const { url } = await feedServer('signed');
    const hook = await webhookReceiver();
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const created = await h.call('triggers.create', {
      name: 'Signed',
      provider: { service: 'rss', params: { url } },
      consumer: { service: 'webhook', params: { url: hook.url, secret } },
      firstRunLatest: 1,
    });
    expect(JSON.stringify(created)).not.toContain('MfKQ9r8G');
    expect(created.consumer.secretsSet).toEqual(['secret']);
    expect(JSON.stringify(await h.call('triggers.list', {}))).not.toContain('MfKQ9r8G');
    expect(fs.readFileSync(path.join(h.dataDir, 'trigger-happy.sqlite3')).includes('MfKQ9r8G')).toBe(false);
    await h.engine.runOnce();
    expect(hook.requests[0]?.headers['webhook-signature']).toMatch(/^v1,/);
    // Editing without retyping the secret keeps it.
    await h.call('triggers.update', {
      id: created.id,
      input: { name: 'Signed 2', provider: { service: 'rss', params: { url } }, consumer: { service: 'webhook', params: { url: hook.url } } },
    });
    expect((await h.call('triggers.get', { id: created.id })).consumer.secretsSet).toEqual(['secret']);
  });

  it('rejects bad input with field-level issues and writes nothing', async () => {
    const h = await harness();
    const bad = [
      { name: 'x', provider: { service: 'nope', params: {} }, consumer: { service: 'markdown', params: { folder: '/tmp' } } },
      { name: 'x', provider: { service: 'rss', params: { url: 'ftp://example.org/feed' } }, consumer: { service: 'markdown', params: { folder: '/tmp' } } },
      { name: 'x', provider: { service: 'markdown', params: { folder: '/tmp' } }, consumer: { service: 'markdown', params: { folder: '/tmp' } } },
      { name: 'x', provider: { service: 'rss', params: { url: 'https://example.org/f' } }, consumer: { service: 'webhook', params: {} } },
      { name: 'x', provider: { service: 'rss', params: { url: 'https://example.org/f' } }, consumer: { service: 'markdown', params: { folder: '/tmp' } }, include: ['/(/'] },
      { name: 'x', provider: { service: 'rss', params: { url: 'https://example.org/f' } }, consumer: { service: 'markdown', params: { folder: '/tmp' } }, template: '{{nope}}' },
    ];
    const paths: string[] = [];
    for (const input of bad) {
      type Caught = { contractError?: { code: string; issues?: Array<{ path: string }> } };
      const error = await h.call('triggers.create', input).then(
        () => undefined,
        (caught: Caught) => caught.contractError,
      );
      expect(error?.code).toBe('invalid-argument');
      paths.push(error?.issues?.[0]?.path ?? '');
    }
    expect(paths).toEqual(['provider.service', 'provider.params.url', 'provider.service', 'consumer.params.url', 'include.0', 'template']);
    expect(await h.call('triggers.list', {})).toEqual([]);
  });

  it('previews with Test: fetches now, renders the template, publishes nothing', async () => {
    const h = await harness();
    const { url } = await feedServer('preview');
    const hook = await webhookReceiver();
    const result = await h.call('triggers.test', {
      name: 'Preview',
      provider: { service: 'rss', params: { url } },
      consumer: { service: 'webhook', params: { url: hook.url } },
      template: 'New: {{title}} — {{url}}',
      exclude: ['post 4'],
    });
    expect(result.error).toBeNull();
    expect(result.items).toHaveLength(5);
    expect(result.rendered[0]?.text).toBe('New: preview post 5 — https://example.org/preview/5');
    expect(result.rendered.find((entry) => entry.text.includes('post 4'))?.filteredOut).toBe('filter: contains post 4');
    expect(hook.requests).toHaveLength(0);
    expect(await h.call('triggers.list', {})).toEqual([]);
  });

  it('imports OPML (one trigger per feed, duplicates skipped) and exports it back', async () => {
    const h = await harness();
    const folder = path.join(tempDir(), 'vault');
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
      <outline text="Tech"><outline text="Django" type="rss" xmlUrl="https://www.djangoproject.com/rss/weblog/"/>
      <outline text="Again" type="rss" xmlUrl="https://www.djangoproject.com/rss/weblog/"/></outline>
      <outline text="Frandroid" type="rss" xmlUrl="https://www.frandroid.com/feed"/>
      <outline text="Broken" type="rss" xmlUrl="javascript:alert(1)"/></body></opml>`;
    const result = await h.call('opml.import', { text: opml, consumer: { service: 'markdown', params: { folder } } });
    expect(result.created).toBe(2);
    expect(result.skipped.map((entry) => entry.reason)).toEqual(['listed more than once in this file']);
    const again = await h.call('opml.import', { text: opml, consumer: { service: 'markdown', params: { folder } } });
    expect(again.created).toBe(0);
    const exported = await h.call('opml.export', {});
    expect(exported.count).toBe(2);
    expect(exported.text).toContain('xmlUrl="https://www.frandroid.com/feed"');
    await expect(h.call('opml.import', { text: '<opml><body><outline', consumer: { service: 'markdown', params: { folder } } })).rejects.toThrow(/OPML/);
    await expect(h.call('opml.import', { text: opml, consumer: { service: 'webhook', params: {} } })).rejects.toThrow(/consumer/);
    expect(await h.call('triggers.list', {})).toHaveLength(2);
  });

  it('backs the database up consistently', async () => {
    const h = await harness();
    await h.call('triggers.create', { name: 'B', provider: { service: 'rss', params: { url: 'https://example.org/feed' } }, consumer: { service: 'markdown', params: { folder: '/tmp/b' } } });
    const backup = await h.call('data.backup', {});
    expect(backup.bytes).toBeGreaterThan(0);
    expect(fs.existsSync(backup.file)).toBe(true);
  });
});
