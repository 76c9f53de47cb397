import { describe, expect, it } from 'vitest';
import { safeHttpUrl } from '../../../src/renderer/src/components/http-url';
import { parseRoute, routeHref } from '../../../src/renderer/src/navigation';
import { matchesFilters } from '../../../src/renderer/src/views/activity/run-log';
import type { RunView } from '../../../src/shared/models';

describe('links from feeds', () => {
  it.each(['http://example.org/a', 'https://example.org/b?c=d'])('keeps %s', (url) => {
    expect(safeHttpUrl(url)).toBe(new URL(url).href);
  });
  it.each(['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', '//example.org', 'not a url', '', null])('refuses %s', (url) => {
    expect(safeHttpUrl(url)).toBeNull();
  });
});

describe('routes', () => {
  it('parses and prints every view', () => {
    for (const hash of ['#/triggers', '#/triggers/new', '#/triggers/12', '#/accounts', '#/activity', '#/activity/3', '#/items', '#/items/3', '#/settings']) {
      expect(routeHref(parseRoute(hash))).toBe(hash);
    }
  });
  it('falls back to the triggers for anything else', () => {
    expect(parseRoute('')).toEqual({ view: 'triggers' });
    expect(parseRoute('#/triggers/-1')).toEqual({ view: 'triggers' });
    expect(parseRoute('#/nope')).toEqual({ view: 'triggers' });
  });
});

describe('live activity filter', () => {
  const run = { id: 1, triggerId: 2, triggerName: 'Django blog', outcome: 'error', message: 'HTTP 503', provider: 'rss', consumer: 'webhook' } as RunView;
  it('matches trigger, outcome and text like the engine query', () => {
    expect(matchesFilters(run, {})).toBe(true);
    expect(matchesFilters(run, { triggerId: 2, outcome: 'error', text: '503' })).toBe(true);
    expect(matchesFilters(run, { text: 'django' })).toBe(true);
    expect(matchesFilters(run, { triggerId: 3 })).toBe(false);
    expect(matchesFilters(run, { outcome: 'ok' })).toBe(false);
    expect(matchesFilters(run, { text: 'mastodon' })).toBe(false);
  });
});
