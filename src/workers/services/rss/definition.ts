import { z } from 'zod';
import type { ServiceDefinition } from '../service';
import { hostOfUrl, httpUrl } from '../http-url';

export const rssProviderParams = z.object({
  url: httpUrl.describe('Feed URL (RSS, Atom or JSON Feed)'),
});
export type RssProviderParams = z.infer<typeof rssProviderParams>;

export const rssDefinition: ServiceDefinition = {
  id: 'rss',
  label: 'Feed',
  description: 'RSS, Atom or JSON Feed: blogs, news, GitHub releases, Mastodon and Reddit feeds.',
  accountSchema: null,
  secretFields: [],
  secretParams: [],
  providerSchema: rssProviderParams,
  consumerSchema: null,
  maxLength: null,
  hostOf: (params) => hostOfUrl(params.url),
  // The same feed URL is one source, whatever else differs between triggers.
  sourceKey: (params) => `rss:${String(params.url).trim()}`,
};
