import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endpointFromFlags } from '../../src/main/cli/endpoint-from-flags';
import { parseParamPair } from '../../src/main/cli/param-pair';
import { triggerInputFromFlags } from '../../src/main/cli/trigger-input-from-flags';
import { splitWords } from '../../src/main/cli/word-list';

const pairs = (...texts: string[]) => texts.map(parseParamPair);

describe('endpoints from --provider/--consumer flags (real service definitions)', () => {
  it('builds a feed provider', () => {
    expect(endpointFromFlags('provider', { service: 'rss', params: pairs('url=https://example.org/feed.xml') })).toEqual({
      service: 'rss',
      accountId: null,
      params: { url: 'https://example.org/feed.xml' },
    });
  });

  it('resolves the Markdown folder against the working directory and the home folder', () => {
    const relative = endpointFromFlags('consumer', { service: 'markdown', params: pairs('folder=notes', 'tags=rss,news') });
    expect(relative.params).toEqual({ folder: resolve('notes'), tags: ['rss', 'news'] });
    const home = endpointFromFlags('consumer', { service: 'markdown', params: pairs('folder=~/Notes') });
    expect(home.params.folder).toBe(resolve(homedir(), 'Notes'));
  });

  it('names an unknown service and lists the ones that fit the role', () => {
    expect(() => endpointFromFlags('provider', { service: 'rs', params: [] })).toThrow('--provider: unknown service "rs" (providers: rss)');
  });

  it('refuses a service in a role it cannot play', () => {
    expect(() => endpointFromFlags('provider', { service: 'markdown', params: [] })).toThrow(
      '--provider: service "markdown" cannot be a provider (providers: rss)',
    );
    expect(() => endpointFromFlags('consumer', { service: 'rss', params: [] })).toThrow(/cannot be a consumer \(consumers: markdown, webhook\)/);
  });

  it('reports a missing required parameter as such', () => {
    expect(() => endpointFromFlags('consumer', { service: 'webhook', params: [] })).toThrow('--consumer-param url=… is required by service "webhook"');
  });

  it("reports an invalid value with the service's own message", () => {
    expect(() => endpointFromFlags('provider', { service: 'rss', params: pairs('url=file:///etc/passwd') })).toThrow(
      '--provider-param url: Must be an http:// or https:// URL',
    );
    expect(() => endpointFromFlags('consumer', { service: 'webhook', params: pairs('url=https://example.org/hook', 'secret=not base64!') })).toThrow(
      /--consumer-param secret: Must be a base64 secret/,
    );
  });

  it('refuses an account for a service that takes none', () => {
    expect(() => endpointFromFlags('provider', { service: 'rss', params: pairs('url=https://example.org/'), accountId: 3 })).toThrow(
      '--provider-account: service "rss" takes no account',
    );
  });
});

describe('triggers add flags', () => {
  const base = {
    name: 'Django',
    provider: 'rss',
    providerParam: pairs('url=https://www.djangoproject.com/rss/weblog/'),
    consumer: 'webhook',
    consumerParam: pairs('url=http://127.0.0.1:8080/hook'),
  };

  it('builds the trigger input, with only the options given', () => {
    expect(triggerInputFromFlags({ ...base, interval: 900, include: ['django, python', 'release'], maxPerRun: 5 })).toEqual({
      name: 'Django',
      provider: { service: 'rss', accountId: null, params: { url: 'https://www.djangoproject.com/rss/weblog/' } },
      consumer: { service: 'webhook', accountId: null, params: { url: 'http://127.0.0.1:8080/hook' } },
      include: ['django', 'python', 'release'],
      exclude: [],
      intervalSeconds: 900,
      maxPerRun: 5,
    });
  });

  it('refuses an interval outside the contract, in durations', () => {
    expect(() => triggerInputFromFlags({ ...base, interval: 30 })).toThrow('--interval: 30s is outside 1m to 7d');
    expect(() => triggerInputFromFlags({ ...base, interval: 8 * 86_400 })).toThrow('--interval: 8d is outside 1m to 7d');
  });

  it('names the flag when the contract refuses a field', () => {
    expect(() => triggerInputFromFlags({ ...base, name: '   ' })).toThrow('--name: A trigger needs a name');
    expect(() => triggerInputFromFlags({ ...base, include: ['x'.repeat(201)] })).toThrow(/^--include: /);
  });
});

describe('filter words', () => {
  it('splits on commas across repeated flags, trims and drops repeats', () => {
    expect(splitWords(['a,b', ' c ,, a', ''])).toEqual(['a', 'b', 'c']);
    expect(splitWords([])).toEqual([]);
  });
});
