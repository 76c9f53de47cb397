import { beforeEach, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/shared/models';
import { runPublishBatch } from '../../src/workers/publish-batch';
import type { ServiceImplementation } from '../../src/workers/services/service';
import type { Delivery, PublishResult, PublishTask } from '../../src/workers/tasks';

// A worker's side of a publish batch: deliveries one after another, a slot's batches in the order
// they were sent, and the stops the engine relies on (a host that asks to wait, a broken trigger,
// the cycle's deadline), which hold for the rest of the cycle. Every delivery not attempted comes
// back as null.

const HTTP = { userAgent: 'test', timeoutMs: 1_000, maxBodyBytes: 1_000_000, maxRedirects: 5 };

function item(key: string): FeedItem {
  return { key, title: key, url: null, contentHtml: null, contentText: null, author: null, published: null, tags: [], source: null };
}

function delivery(triggerId: number, key: string): Delivery {
  return { service: 'fake', params: {}, account: null, triggerId, triggerName: `T${triggerId}`, item: item(key), text: key, idempotencyKey: key };
}

/** Each test has cycles of its own: what a cycle learns stays in this module for later batches. */
let nextCycle = 1;

function task(slot: string, deliveries: Delivery[], options: { stopAfterMs?: number; cycle?: number; host?: string } = {}): PublishTask {
  return { kind: 'publish', slot, cycle: options.cycle ?? nextCycle, host: options.host ?? 'hooks.example', deliveries, http: HTTP, stopAfterMs: options.stopAfterMs ?? 60_000 };
}

beforeEach(() => {
  nextCycle += 1;
});

/** A consumer that answers from a script by item key (default: ok), recording calls and overlap. */
function fakeConsumer(answers: Record<string, PublishResult | Error> = {}) {
  const calls: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const service: ServiceImplementation = {
    id: 'fake',
    async publish(_ctx, call) {
      calls.push(call.item.key);
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      const answer = answers[call.item.key];
      if (answer instanceof Error) throw answer;
      return answer ?? { ok: true, host: 'hooks.example' };
    },
  };
  return { find: (id: string) => (id === 'fake' ? service : undefined), calls, maxRunning: () => maxRunning };
}

const rateLimited: PublishResult = { ok: false, error: { kind: 'rate-limited', message: 'HTTP 429', retryAfterMs: 60_000, permanent: false } };
const gone: PublishResult = { ok: false, error: { kind: 'gone', message: 'HTTP 404', permanent: true } };

describe('runPublishBatch', () => {
  it('sends one delivery at a time, in order, and answers each', async () => {
    const consumer = fakeConsumer({ b: { ok: false, error: { kind: 'http', message: 'HTTP 500', permanent: false } } });
    const results = await runPublishBatch(task('s1', [delivery(1, 'a'), delivery(1, 'b'), delivery(2, 'c')]), consumer.find);
    expect(consumer.calls).toEqual(['a', 'b', 'c']);
    expect(consumer.maxRunning()).toBe(1);
    expect(results.map((result) => result?.ok)).toEqual([true, false, true]);
  });

  it('stops when the host asks to wait, and so does the batch queued behind it on the slot', async () => {
    const consumer = fakeConsumer({ b: rateLimited });
    const first = runPublishBatch(task('s2', [delivery(1, 'a'), delivery(1, 'b'), delivery(2, 'c')]), consumer.find);
    const queued = runPublishBatch(task('s2', [delivery(3, 'd')]), consumer.find);
    const [firstResults, queuedResults] = await Promise.all([first, queued]);
    expect(consumer.calls).toEqual(['a', 'b']);
    expect(firstResults.map((result) => result?.ok ?? null)).toEqual([true, false, null]);
    expect(queuedResults).toEqual([null]);
    expect(consumer.maxRunning()).toBe(1);
  });

  it("skips only the broken trigger's later deliveries, across the slot's batches", async () => {
    const consumer = fakeConsumer({ a1: gone });
    const first = runPublishBatch(task('s3', [delivery(1, 'a1'), delivery(2, 'b1'), delivery(1, 'a2')]), consumer.find);
    const queued = runPublishBatch(task('s3', [delivery(1, 'a3'), delivery(2, 'b2')]), consumer.find);
    const [firstResults, queuedResults] = await Promise.all([first, queued]);
    expect(consumer.calls).toEqual(['a1', 'b1', 'b2']);
    expect(firstResults.map((result) => result?.ok ?? null)).toEqual([false, true, null]);
    expect(queuedResults.map((result) => result?.ok ?? null)).toEqual([null, true]);
  });

  it('remembers a broken trigger for the rest of the cycle, also for a batch that arrives after the one that broke has finished', async () => {
    const consumer = fakeConsumer({ a1: gone });
    await runPublishBatch(task('s4', [delivery(1, 'a1')]), consumer.find);
    // Claimed by the engine before it heard of the break; reaches the thread after.
    const late = await runPublishBatch(task('s4', [delivery(1, 'a2'), delivery(2, 'b1')]), consumer.find);
    expect(consumer.calls).toEqual(['a1', 'b1']);
    expect(late.map((result) => result?.ok ?? null)).toEqual([null, true]);
  });

  it("remembers a host that asked to wait on every slot of that host for the rest of the cycle, and only that host", async () => {
    const consumer = fakeConsumer({ a: rateLimited });
    await runPublishBatch(task('s10', [delivery(1, 'a')]), consumer.find);
    const otherSlot = await runPublishBatch(task('s11', [delivery(2, 'b')]), consumer.find);
    const otherHost = await runPublishBatch(task('s12', [delivery(3, 'c')], { host: 'other.example' }), consumer.find);
    expect(consumer.calls).toEqual(['a', 'c']);
    expect(otherSlot).toEqual([null]);
    expect(otherHost.map((result) => result?.ok)).toEqual([true]);
  });

  it('starts each cycle afresh, on the same slot name too', async () => {
    const consumer = fakeConsumer({ a: rateLimited, x: gone });
    const cycle = nextCycle;
    await runPublishBatch(task('s4', [delivery(1, 'a')], { cycle }), consumer.find);
    await runPublishBatch(task('s13', [delivery(2, 'x')], { cycle, host: 'other.example' }), consumer.find);
    const next = [
      ...(await runPublishBatch(task('s4', [delivery(1, 'b')], { cycle: cycle + 1 }), consumer.find)),
      ...(await runPublishBatch(task('s13', [delivery(2, 'y')], { cycle: cycle + 1, host: 'other.example' }), consumer.find)),
    ];
    expect(consumer.calls).toEqual(['a', 'x', 'b', 'y']);
    expect(next.map((result) => result?.ok)).toEqual([true, true]);
    nextCycle += 1;
  });

  it("keeps a running cycle's state however many cycles start beside it, until its deadline", async () => {
    let now = 1_000_000;
    const clock = { now: () => now };
    const consumer = fakeConsumer({ a1: gone });
    const cycle = nextCycle;
    await runPublishBatch(task('s14', [delivery(1, 'a1')], { cycle, stopAfterMs: 60_000 }), consumer.find, clock);
    // Twenty "Run now" cycles come and go while the full cycle runs.
    for (let other = 1; other <= 20; other += 1) {
      now += 1_000;
      await runPublishBatch(task(`r${other}`, [delivery(100 + other, `r${other}`)], { cycle: cycle + other, stopAfterMs: 500 }), consumer.find, clock);
    }
    const late = await runPublishBatch(task('s14', [delivery(1, 'a2')], { cycle, stopAfterMs: 30_000 }), consumer.find, clock);
    expect(late).toEqual([null]);
    expect(consumer.calls).not.toContain('a2');
    nextCycle += 21;
  });

  it('runs different slots side by side', async () => {
    const consumer = fakeConsumer();
    await Promise.all([runPublishBatch(task('s5', [delivery(1, 'a')]), consumer.find), runPublishBatch(task('s6', [delivery(2, 'b')]), consumer.find)]);
    expect(consumer.maxRunning()).toBe(2);
  });

  it('starts nothing after the cycle deadline', async () => {
    const consumer = fakeConsumer();
    let now = 1_000;
    const find = (id: string) => {
      now += 600; // each delivery takes 600 ms of the fake clock
      return consumer.find(id);
    };
    const results = await runPublishBatch(task('s7', [delivery(1, 'a'), delivery(1, 'b'), delivery(1, 'c')], { stopAfterMs: 1_000 }), find, { now: () => now });
    expect(consumer.calls).toEqual(['a', 'b']);
    expect(results.map((result) => result?.ok ?? null)).toEqual([true, true, null]);
  });

  it('starts nothing once the engine is stopping', async () => {
    const consumer = fakeConsumer();
    let stopping = false;
    const find = (id: string) => {
      stopping = true; // the quit comes while the first delivery is on the network
      return consumer.find(id);
    };
    const results = await runPublishBatch(task('s9', [delivery(1, 'a'), delivery(2, 'b')]), find, { stopping: () => stopping });
    expect(consumer.calls).toEqual(['a']);
    expect(results.map((result) => result?.ok ?? null)).toEqual([true, null]);
  });

  it('turns a consumer that throws, or a service that cannot publish, into an error for that delivery only', async () => {
    const consumer = fakeConsumer({ a: new Error('boom') });
    const results = await runPublishBatch(task('s8', [delivery(1, 'a'), { ...delivery(2, 'b'), service: 'nope' }, delivery(3, 'c')]), consumer.find);
    expect(results[0]).toMatchObject({ ok: false, error: { kind: 'internal', message: 'Internal error: boom' } });
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'config', permanent: true } });
    expect(results[2]).toMatchObject({ ok: true });
  });
});
