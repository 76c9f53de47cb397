import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberedItems } from '../../support/rss-fixture';
import type { LoopbackServer } from '../../support/loopback-server';
import { startFeedServer, startWebhookReceiver, type FeedServer } from './loopback-services';
import { invokeOverServe } from './serve-api';
import type { ServeProcess } from './serve-process';

// A believable set of triggers for looking at every view (accessibility runs, screenshots): feeds
// into a webhook and a Markdown folder, one trigger whose feed is down, all run once so there is
// activity and an outbox.

export interface DemoData {
  feeds: FeedServer[];
  webhook: LoopbackServer;
  notesDir: string;
  close(): Promise<void>;
}

export async function seedDemoData(serve: ServeProcess): Promise<DemoData> {
  const feeds = [
    await startFeedServer('Django weblog', numberedItems('django', 6, 6)),
    await startFeedServer('Frandroid', numberedItems('frandroid', 4, 4)),
    await startFeedServer('Release notes', numberedItems('release', 3, 3)),
  ];
  const webhook = await startWebhookReceiver();
  const notesDir = await mkdtemp(join(tmpdir(), 'th-demo-notes-'));
  const [django, frandroid, releases] = feeds as [FeedServer, FeedServer, FeedServer];
  const triggers = [
    { name: 'Django weblog → read later', provider: { service: 'rss', params: { url: django.url } }, consumer: { service: 'webhook', params: { url: webhook.url } }, firstRunLatest: 4 },
    { name: 'Frandroid → notes', provider: { service: 'rss', params: { url: frandroid.url } }, consumer: { service: 'markdown', params: { folder: notesDir, subfolder: 'news', tags: ['android'] } }, firstRunLatest: 2 },
    { name: 'Release notes → webhook', provider: { service: 'rss', params: { url: releases.url } }, consumer: { service: 'webhook', params: { url: webhook.url } }, firstRunLatest: 0 },
    // Port 9 (discard) is closed on loopback: a feed that is down.
    { name: 'Old blog (gone)', provider: { service: 'rss', params: { url: 'http://127.0.0.1:9/feed.xml' } }, consumer: { service: 'markdown', params: { folder: notesDir } }, firstRunLatest: 0 },
  ];
  for (const input of triggers) {
    const created = await invokeOverServe(serve, 'triggers.create', input);
    await invokeOverServe(serve, 'triggers.run', { id: created.id }).catch(() => undefined);
  }
  return {
    feeds,
    webhook,
    notesDir,
    async close() {
      for (const feed of feeds) await feed.close();
      await webhook.close();
    },
  };
}
