import type { TriggerFields } from '../../src/main/engine/store/trigger-store';

/** A trigger reading `feedUrl` into a Markdown folder, for tests that insert rows directly; override what the test is about. */
export function triggerFields(feedUrl: string, overrides: Partial<TriggerFields> = {}): TriggerFields {
  return {
    name: feedUrl,
    enabled: true,
    providerService: 'rss',
    providerAccountId: null,
    providerParams: { url: feedUrl },
    sourceKey: `rss:${feedUrl}`,
    consumerService: 'markdown',
    consumerAccountId: null,
    consumerParams: { folder: '/tmp/notes' },
    intervalSeconds: null,
    include: [],
    exclude: [],
    template: '',
    maxPerRun: 10,
    notify: false,
    firstRunLatest: 0,
    ...overrides,
  };
}
