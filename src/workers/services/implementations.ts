import type { ServiceImplementation } from './service';
import { rssProvider } from './rss/rss-provider';
import { markdownConsumer } from './markdown/markdown-consumer';
import { webhookConsumer } from './webhook/webhook-consumer';

const implementations = new Map<string, ServiceImplementation>(
  [rssProvider, markdownConsumer, webhookConsumer].map((service) => [service.id, service]),
);

export function findServiceImplementation(id: string): ServiceImplementation | undefined {
  return implementations.get(id);
}
