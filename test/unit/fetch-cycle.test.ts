import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FetchCycle } from '../../src/main/engine/fetch-cycle';
import type { EngineContext } from '../../src/main/engine/engine-context';
import type { Store } from '../../src/main/engine/store/store';
import type { Settings } from '../../src/shared/settings';
import { findServiceDefinition } from '../../src/workers/services/definitions';
import type { ServiceDefinition } from '../../src/workers/services/service';
import type { FetchResult, FetchTask } from '../../src/workers/tasks';
import { cycleContext } from '../support/cycle-context';
import { triggerFields } from '../support/trigger-fields';
import { memoryStore } from '../support/memory-store';

// How a fetch cycle hands its sources to the pool: per host in the order they were found, never
// more at once than the host's slots, and each failure kept to its own source.

let store: Store;
let calls: Array<{ url: string; host: string | null }>;
let inFlight: Map<string | null, number>;
let peak: Map<string | null, number>;
/** Activity rows committed when each fetch started. */
let rowsAtCall: number[];

/** Answers every fetch "unchanged" after a few milliseconds, counting fetches in flight per host. */
const fakePool = {
  startThreads: () => Promise.resolve(),
  async run(task: FetchTask, _deadline: number, host: string | null = null): Promise<FetchResult> {
    calls.push({ url: String(task.params.url), host });
    rowsAtCall.push(store.db.prepare('SELECT COUNT(*) FROM runs').pluck().get() as number);
    inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
    peak.set(host, Math.max(peak.get(host) ?? 0, inFlight.get(host) ?? 0));
    await new Promise((resolve) => setTimeout(resolve, 3));
    inFlight.set(host, (inFlight.get(host) ?? 0) - 1);
    return { ok: true, status: 'unchanged', items: [], state: {}, host: host ?? '' };
  },
};

/** The rss definition, except that a `local:` URL has no network host and `broken:` makes hostOf throw. */
const rss = findServiceDefinition('rss')!;
const rssWithOddHosts: ServiceDefinition = {
  ...rss,
  hostOf(params, account) {
    const url = String(params.url);
    if (url.startsWith('broken:')) throw new Error('cannot tell the host');
    if (url.startsWith('local:')) return null;
    return rss.hostOf(params, account);
  },
};

function context(settings: Partial<Settings> = {}): EngineContext {
  return cycleContext(store, fakePool as never, { settings, findService: (id) => (id === 'rss' ? rssWithOddHosts : findServiceDefinition(id)) });
}

function addTrigger(url: string): number {
  const id = store.triggers.insert(triggerFields(url), 1_000);
  // A baseline already taken: these fetches are ordinary ones.
  store.db.prepare('UPDATE triggers SET baseline_at = 1 WHERE id = ?').run(id);
  return id;
}

beforeEach(() => {
  store = memoryStore();
  calls = [];
  inFlight = new Map();
  peak = new Map();
  rowsAtCall = [];
});

afterEach(() => store.close());

describe('FetchCycle', () => {
  it("fetches each host's sources in the order found, as many at once as the host has slots", async () => {
    const a = Array.from({ length: 9 }, (_, index) => `https://a.example/feed/${index}`);
    const b = Array.from({ length: 9 }, (_, index) => `https://b.example/feed/${index}`);
    a.forEach((url, index) => {
      addTrigger(url);
      addTrigger(b[index]!);
    });
    const report = await new FetchCycle(context({ perHostCap: 2 })).run({ all: true, signal: new AbortController().signal });
    expect(calls.filter(({ host }) => host === 'a.example').map(({ url }) => url)).toEqual(a);
    expect(calls.filter(({ host }) => host === 'b.example').map(({ url }) => url)).toEqual(b);
    expect(peak.get('a.example')).toBe(2);
    expect(peak.get('b.example')).toBe(2);
    expect(report.runs.map(({ outcome }) => outcome)).toEqual(Array(18).fill('unchanged'));
  });

  it('runs sources without a network host up to the global cap', async () => {
    for (let index = 0; index < 8; index += 1) addTrigger(`local:${index}`);
    await new FetchCycle(context({ perHostCap: 1, maxInFlight: 3 })).run({ all: true, signal: new AbortController().signal });
    expect(calls).toHaveLength(8);
    expect(peak.get(null)).toBe(3);
  });

  it('leaves every source for the next cycle when the deadline has come, and counts them', async () => {
    for (let index = 0; index < 5; index += 1) addTrigger(`https://a.example/feed/${index}`);
    const deadline = new AbortController();
    deadline.abort();
    const report = await new FetchCycle(context()).run({ all: true, signal: deadline.signal });
    expect(calls).toEqual([]);
    expect(report.deferred).toBe(5);
  });

  it("records a source that cannot be prepared as that source's error, and fetches the others", async () => {
    addTrigger('https://a.example/feed/1');
    const broken = addTrigger('broken:feed');
    addTrigger('https://a.example/feed/2');
    const report = await new FetchCycle(context()).run({ all: true, signal: new AbortController().signal });
    expect(calls.map(({ url }) => url)).toEqual(['https://a.example/feed/1', 'https://a.example/feed/2']);
    const failed = report.runs.filter(({ outcome }) => outcome === 'error');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ triggerId: broken, message: 'Internal error: Error: cannot tell the host' });
  });

  it('fetches a source once for all its triggers when they are read in different pages', async () => {
    // The cycle reads triggers 512 per turn: the first and the last trigger here share a feed.
    const shared = 'https://a.example/shared';
    const first = addTrigger(shared);
    for (let index = 0; index < 600; index += 1) addTrigger(`https://b.example/feed/${index}`);
    const last = addTrigger(shared);
    const report = await new FetchCycle(context({ perHostCap: 8 })).run({ all: true, signal: new AbortController().signal });
    expect(calls).toHaveLength(601);
    expect(calls.filter(({ url }) => url === shared)).toHaveLength(1);
    expect(report.runs.filter(({ triggerId }) => triggerId === first || triggerId === last)).toHaveLength(2);
    expect(report.runs).toHaveLength(602);
  });

  it('looks up the sources of a small cycle one by one, and fetches only those', async () => {
    const wanted = addTrigger('https://a.example/feed/1');
    addTrigger('https://a.example/feed/2');
    const report = await new FetchCycle(context()).run({ all: false, signal: new AbortController().signal, sourceKeys: ['rss:https://a.example/feed/1'] });
    expect(calls.map(({ url }) => url)).toEqual(['https://a.example/feed/1']);
    expect(report.runs.map(({ triggerId }) => triggerId)).toEqual([wanted]);
  });

  it('starts the threads it needs before its first fetch, and none when nothing is due', async () => {
    const started: Array<number | undefined> = [];
    const pool = {
      ...fakePool,
      startThreads(options: { upTo?: number } = {}): Promise<void> {
        // How many fetches had been made when it was called, and for how many lanes.
        started.push(calls.length, options.upTo);
        return Promise.resolve();
      },
    };
    const cycleWith = (): FetchCycle => new FetchCycle(cycleContext(store, pool as never, { findService: findServiceDefinition }));
    await cycleWith().run({ all: false, signal: new AbortController().signal });
    expect(started).toEqual([]);
    addTrigger('https://a.example/feed/1');
    addTrigger('https://b.example/feed/1');
    await cycleWith().run({ all: true, signal: new AbortController().signal });
    // Called once, before any fetch, for as many lanes as there are sources.
    expect(started).toEqual([0, 2]);
    expect(calls).toHaveLength(2);
  });

  it("starts a host's next source without waiting for the previous one's results to be committed", async () => {
    for (let index = 0; index < 3; index += 1) addTrigger(`https://a.example/feed/${index}`);
    const report = await new FetchCycle(context({ perHostCap: 1 })).run({ all: true, signal: new AbortController().signal });
    // Results share a commit with those of the next 20 ms; the one slot went on at once.
    expect(rowsAtCall[1]).toBe(0);
    expect(report.runs).toHaveLength(3);
    expect(store.db.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(3);
  });
});
