import { rssDocument, type FixtureItem } from '../../support/rss-fixture';
import { startServer, type LoopbackServer } from '../../support/loopback-server';

// The outside world of a browser test, on 127.0.0.1: a feed whose items the test changes, and a
// webhook receiver that records every delivery.

export interface FeedServer {
  url: string;
  items: FixtureItem[];
  server: LoopbackServer;
  close(): Promise<void>;
}

export async function startFeedServer(title: string, items: FixtureItem[], rawBody?: () => string): Promise<FeedServer> {
  const feed: FeedServer = {
    url: '',
    items,
    server: await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(rawBody ? rawBody() : rssDocument(title, feed.items));
    }),
    close: () => feed.server.close(),
  };
  feed.url = `${feed.server.url}/feed.xml`;
  return feed;
}

export function startWebhookReceiver(): Promise<LoopbackServer> {
  return startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
}
