import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemView, RunView, ServiceInfo, TriggerView } from '../../src/shared/models';
import { formatItemLines } from '../../src/main/cli/format-item';
import { formatRunLine } from '../../src/main/cli/format-run';
import { formatServiceLines } from '../../src/main/cli/format-service';
import { formatTimestamp } from '../../src/main/cli/format-time';
import { describeTrigger, formatTriggerLines } from '../../src/main/cli/format-trigger';
import { printable, printableShort } from '../../src/main/cli/terminal-text';
import { parameterSchemaOf } from '../../src/main/cli/service-schemas';
import { serviceDefinitions } from '../../src/workers/services/definitions';

// Readable output is for people; these pin its shape and its safety (untrusted text from feeds
// must not reach the terminal as control sequences or forged lines).

const at = Date.UTC(2025, 10, 30, 14, 3, 9);
let savedTimeZone: string | undefined;
beforeAll(() => {
  savedTimeZone = process.env.TZ;
  process.env.TZ = 'UTC';
});
afterAll(() => {
  if (savedTimeZone === undefined) delete process.env.TZ;
  else process.env.TZ = savedTimeZone;
});

function run(overrides: Partial<RunView>): RunView {
  return {
    id: 1,
    at,
    triggerId: 3,
    triggerName: 'Frandroid',
    kind: 'fetch',
    provider: 'rss',
    consumer: 'markdown',
    outcome: 'ok',
    newCount: 1,
    publishedCount: 0,
    failedCount: 0,
    message: null,
    durationMs: 120,
    ...overrides,
  };
}

function trigger(overrides: Partial<TriggerView>): TriggerView {
  return {
    id: 3,
    name: 'Frandroid',
    enabled: true,
    provider: { service: 'rss', accountId: null, params: { url: 'https://www.frandroid.com/feed' }, secretsSet: [] },
    consumer: { service: 'markdown', accountId: null, params: { folder: '/notes' }, secretsSet: [] },
    intervalSeconds: 900,
    include: [],
    exclude: [],
    template: '',
    maxPerRun: 10,
    notify: true,
    firstRunLatest: 0,
    createdAt: at,
    updatedAt: at,
    baselineAt: null,
    nextFetchAt: null,
    consecutiveFailures: 0,
    pausedReason: null,
    lastRun: null,
    counts: { pending: 2, sent: 5, failed: 1, total: 8 },
    ...overrides,
  };
}

describe('time', () => {
  it('is local, sortable and zone-less', () => {
    expect(formatTimestamp(at)).toBe('2025-11-30 14:03:09');
  });
});

describe('activity lines, in the spirit of Trigger Happy\'s log', () => {
  it('says how many new items a fetch found', () => {
    expect(formatRunLine(run({}))).toBe('2025-11-30 14:03:09 - #3 Frandroid - rss → markdown - 1 new item');
    expect(formatRunLine(run({ newCount: 4 }))).toMatch(/ - 4 new items$/);
    expect(formatRunLine(run({ outcome: 'unchanged', newCount: 0 }))).toMatch(/ - no new items \(unchanged\)$/);
  });

  it('says how many items a publish sent and how many failed', () => {
    expect(formatRunLine(run({ kind: 'publish', publishedCount: 3 }))).toMatch(/ - 3 published$/);
    expect(formatRunLine(run({ kind: 'publish', publishedCount: 2, failedCount: 1, message: 'HTTP 503 from example.org' }))).toMatch(
      / - 2 published, 1 failed: HTTP 503 from example.org$/,
    );
  });

  it('gives the error of a failed run', () => {
    expect(formatRunLine(run({ outcome: 'error', newCount: 0, message: 'HTTP 410 Gone from example.org' }))).toMatch(/ - error: HTTP 410 Gone from example.org$/);
  });

  it('keeps a hostile name or message on one harmless line', () => {
    const line = formatRunLine(run({ triggerName: 'Evil\u001b[2J\nfake - line', outcome: 'error', message: 'bad\r\n2025-01-01 - forged' }));
    expect([...line].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f)).toBe(false);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('Evil [2J fake - line');
  });
});

describe('terminal text', () => {
  it('replaces controls and bidirectional overrides', () => {
    expect(printable('a\u0007b\u009bc\u202Ed\tx')).toBe('a b c d x');
  });

  it('shortens with an ellipsis without splitting characters', () => {
    expect(printableShort('😀😀😀😀', 3)).toBe('😀😀…');
    expect(printableShort('short', 10)).toBe('short');
  });
});

describe('trigger lines', () => {
  it('aligns id, state, name, route and schedule, then counts and last run', () => {
    const lines = formatTriggerLines([
      trigger({}),
      trigger({ id: 12, name: 'Django weblog', enabled: false, intervalSeconds: null, lastRun: run({ newCount: 2 }) }),
    ]);
    expect(lines).toEqual([
      '#3   on   Frandroid      rss → markdown  every 15m         2 pending, 5 sent, 1 failed; never run',
      '#12  off  Django weblog  rss → markdown  default interval  2 pending, 5 sent, 1 failed; last run 2025-11-30 14:03:09 2 new items',
    ]);
  });

  it('shows why a trigger paused itself', () => {
    const [line] = formatTriggerLines([trigger({ pausedReason: 'HTTP 410 Gone' })]);
    expect(line).toMatch(/^#3 {2}paused {2}/);
    expect(line).toContain('paused: HTTP 410 Gone');
  });

  it('says what to do when there are none', () => {
    expect(formatTriggerLines([])[0]).toMatch(/No triggers yet/);
  });

  it('describes one trigger in a confirmation', () => {
    expect(describeTrigger(trigger({}))).toBe('#3 "Frandroid" (rss → markdown, every 15m)');
  });
});

describe('item lines', () => {
  const item: ItemView = {
    id: 12,
    triggerId: 3,
    triggerName: 'Frandroid',
    key: 'guid-1',
    state: 'failed',
    title: 'A post',
    url: 'https://www.frandroid.com/a-post',
    published: null,
    foundAt: at,
    sentAt: null,
    attempts: 3,
    nextAttemptAt: null,
    lastError: 'HTTP 404 from 127.0.0.1',
    reason: null,
    canSend: true,
  };

  it('shows state, time, trigger, title, link and why it failed, aligned', () => {
    expect(formatItemLines([item, { ...item, id: 9, state: 'sent', triggerName: 'Django', lastError: null, title: 'Another' }])).toEqual([
      '#12  failed  2025-11-30 14:03:09  Frandroid  A post  https://www.frandroid.com/a-post (HTTP 404 from 127.0.0.1)',
      '#9   sent    2025-11-30 14:03:09  Django     Another  https://www.frandroid.com/a-post',
    ]);
  });

  it('shows why an item was skipped', () => {
    expect(formatItemLines([{ ...item, state: 'skipped', lastError: null, reason: 'baseline', url: null, title: '' }])).toEqual([
      '#12  skipped  2025-11-30 14:03:09  Frandroid  (untitled) (baseline)',
    ]);
  });

  it('says so when there are none', () => {
    expect(formatItemLines([])).toEqual(['No items.']);
  });
});

describe('service lines', () => {
  it('list each parameter as the flag to type, with its description', () => {
    const services: ServiceInfo[] = serviceDefinitions.map((definition) => ({
      id: definition.id,
      label: definition.label,
      description: definition.description,
      capabilities: [...(definition.providerSchema ? (['provider'] as const) : []), ...(definition.consumerSchema ? (['consumer'] as const) : [])],
      needsAccount: definition.accountSchema !== null,
      accountSchema: null,
      providerSchema: parameterSchemaOf(definition, 'provider'),
      consumerSchema: parameterSchemaOf(definition, 'consumer'),
      secretFields: [],
      maxLength: null,
    }));
    const lines = formatServiceLines(services);
    expect(lines).toContain('markdown  Markdown folder  (consumer)');
    expect(lines.some((line) => /^ {4}--provider-param url=TEXT +Feed URL .*\(required\)$/.test(line))).toBe(true);
    expect(lines.some((line) => /^ {4}--consumer-param tags=A,B,… +Tags added to every note$/.test(line))).toBe(true);
    expect(lines.some((line) => line.includes('--consumer-param secret=TEXT') && !line.includes('(required)'))).toBe(true);
  });
});
