import { describe, expect, it } from 'vitest';
import { PublishLane, type TriggerWork } from '../../src/main/engine/publish-lane';
import { webhookDefinition } from '../../src/workers/services/webhook/definition';

// How a publish cycle splits one host's queue into batches: a trigger's items in order and never
// in two batches at once, and slots that finish together.

function work(id: number, ids: number[]): TriggerWork {
  return {
    trigger: { id, name: `Trigger ${id}`, template: '{{title}}', providerService: 'rss', consumerService: 'webhook' },
    service: webhookDefinition,
    params: {},
    account: null,
    ids,
    taken: 0,
    batches: 0,
    tally: { published: 0, failed: 0, retried: 0, firstError: null, started: 0 },
  };
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => from + index);
}

describe('PublishLane', () => {
  it("keeps a trigger with its taker: the rest of its items go in the taker's next batch, oldest first", () => {
    const lane = new PublishLane('hooks.example');
    lane.runners = 1;
    const long = work(1, range(100, 12));
    lane.add(long);
    lane.add(work(2, [200]));
    lane.close();

    // One slot, one batch out and one queued: about half of the 13 items now, at most 8.
    const first = lane.takeBatch(null, 8);
    expect(first.parts.map(({ work: w, ids }) => [w.trigger.id, ids])).toEqual([[1, range(100, 7)]]);
    expect(first.carry).toBe(long);
    const second = lane.takeBatch(first.carry, 8);
    expect(second.parts.map(({ work: w, ids }) => [w.trigger.id, ids])).toEqual([[1, range(107, 3)]]);
    const rest = [lane.takeBatch(second.carry, 8), lane.takeBatch(null, 8), lane.takeBatch(null, 8)];
    const taken = [first, second, ...rest].flatMap((batch) => batch.parts.flatMap(({ ids }) => ids));
    expect(taken).toEqual([...range(100, 12), 200]);
  });

  it('never hands a carried trigger to another slot', () => {
    const lane = new PublishLane('hooks.example');
    lane.runners = 2;
    lane.add(work(1, range(1, 20)));
    lane.add(work(2, range(50, 3)));
    lane.close();
    const mine = lane.takeBatch(null, 8);
    expect(mine.carry?.trigger.id).toBe(1);
    // The other slot starts on the next trigger, not on the rest of trigger 1.
    const theirs = lane.takeBatch(null, 8);
    expect(theirs.parts.map(({ work: w }) => w.trigger.id)).toEqual([2]);
    expect(lane.takeBatch(null, 8).parts).toEqual([]);
    expect(lane.takeBatch(mine.carry, 8).parts[0]?.ids[0]).toBe(1 + mine.parts[0]!.ids.length);
  });

  it('shrinks batches towards the end, so two slots sharing 57 items finish within a batch of each other', () => {
    const lane = new PublishLane('hooks.example');
    lane.runners = 2;
    for (let id = 1; id <= 57; id += 1) lane.add(work(id, [id]));
    lane.close();
    // Two slots taking in turn, each with one batch on the network and one queued behind it.
    const sizes: number[][] = [[], []];
    for (let turn = 0; ; turn += 1) {
      const batch = lane.takeBatch(null, 8);
      if (batch.parts.length === 0) break;
      sizes[turn % 2]?.push(batch.parts.length);
    }
    const [a = [], b = []] = sizes;
    expect(Math.max(...a, ...b)).toBe(8);
    expect(a.at(-1)).toBe(1);
    expect(Math.abs(a.reduce((sum, n) => sum + n, 0) - b.reduce((sum, n) => sum + n, 0))).toBeLessThanOrEqual(8);
    expect([...a, ...b].reduce((sum, n) => sum + n, 0)).toBe(57);
  });

  it('wakes a waiting slot when a trigger arrives, and for good once closed', async () => {
    const lane = new PublishLane(null);
    lane.runners = 1;
    expect(lane.takeBatch(null, 8).parts).toEqual([]);
    const woken = lane.moreWork();
    lane.add(work(1, [1]));
    await woken;
    expect(lane.takeBatch(null, 8).parts).toHaveLength(1);
    const waiting = lane.moreWork();
    lane.close();
    await waiting;
    expect(lane.open).toBe(false);
    await lane.moreWork();
  });
});
