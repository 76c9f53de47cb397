import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PublishCycle } from '../../src/main/engine/publish-cycle';
import type { Store } from '../../src/main/engine/store/store';
import type { FeedItem } from '../../src/shared/models';
import { findServiceDefinition } from '../../src/workers/services/definitions';
import type { ServiceDefinition } from '../../src/workers/services/service';
import type { PublishBatchResult, PublishTask } from '../../src/workers/tasks';
import { cycleContext } from '../support/cycle-context';
import { triggerFields } from '../support/trigger-fields';
import { memoryStore } from '../support/memory-store';

// A trigger the publish cycle cannot prepare keeps its items queued and says why in its activity
// row; the other triggers' items are delivered, and the cycle ends only once every lane has.

let store: Store;
const delivered: string[] = [];

const fakePool = {
  startThreads: () => Promise.resolve(),
  async run(task: PublishTask): Promise<PublishBatchResult> {
    await new Promise((resolve) => setTimeout(resolve, 2));
    delivered.push(...task.deliveries.map((delivery) => delivery.item.key));
    return task.deliveries.map(() => ({ ok: true as const, host: 'hooks.example' }));
  },
};

const webhook = findServiceDefinition('webhook')!;
const webhookWithBrokenHost: ServiceDefinition = {
  ...webhook,
  hostOf(params, account) {
    if (String(params.url).startsWith('broken:')) throw new Error('cannot tell the host');
    return webhook.hostOf(params, account);
  },
};

function item(key: string): FeedItem {
  return { key, title: key, url: `https://example.org/${key}`, contentHtml: null, contentText: null, author: null, published: null, tags: [], source: null };
}

function addTriggerWithItem(hookUrl: string, key: string): number {
  const id = store.triggers.insert(triggerFields(`https://feeds.example/${key}`, { consumerService: 'webhook', consumerParams: { url: hookUrl } }), 1_000);
  store.outbox.insertNew([{ triggerId: id, item: item(key), state: 'pending', reason: null }], 1_000);
  return id;
}

beforeEach(() => {
  store = memoryStore();
  delivered.length = 0;
});

afterEach(() => store.close());

describe('PublishCycle', () => {
  it("keeps the items of a trigger it cannot prepare queued, records why, and delivers the others' items", async () => {
    addTriggerWithItem('https://hooks.example/1', 'first');
    const broken = addTriggerWithItem('broken:hook', 'broken');
    addTriggerWithItem('https://hooks.example/2', 'second');
    const context = cycleContext(store, fakePool as never, { findService: (id) => (id === 'webhook' ? webhookWithBrokenHost : findServiceDefinition(id)) });
    const report = await new PublishCycle(context).run({ signal: new AbortController().signal });
    expect(delivered.sort()).toEqual(['first', 'second']);
    const states = store.db.prepare('SELECT key, state FROM items ORDER BY key').all();
    expect(states).toEqual([
      { key: 'broken', state: 'pending' },
      { key: 'first', state: 'sent' },
      { key: 'second', state: 'sent' },
    ]);
    const failed = report.runs.filter(({ outcome }) => outcome === 'error');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ triggerId: broken, kind: 'publish', message: 'Internal error: Error: cannot tell the host' });
  });

  it('tells the workers which cycle and host each batch is for, and sends every batch with no network host to one thread', async () => {
    for (let index = 0; index < 3; index += 1) {
      const id = store.triggers.insert(triggerFields(`https://feeds.example/md${index}`, { consumerService: 'markdown', consumerParams: { folder: '/tmp/vault' } }), 1_000);
      store.outbox.insertNew([{ triggerId: id, item: item(`md${index}`), state: 'pending', reason: null }], 1_000);
    }
    addTriggerWithItem('https://hooks.example/1', 'hook');
    const runs: Array<{ cycle: number; host: string | null; lane: string | null }> = [];
    const pool = {
      startThreads: () => Promise.resolve(),
      async run(task: PublishTask, deadline: number, lane: string | null = null): Promise<PublishBatchResult> {
        runs.push({ cycle: task.cycle, host: task.host, lane });
        return fakePool.run(task);
      },
    };
    const cycle = new PublishCycle(cycleContext(store, pool as never));
    await cycle.run({ signal: new AbortController().signal });
    expect(delivered.sort()).toEqual(['hook', 'md0', 'md1', 'md2']);
    expect(new Set(runs.filter((run) => run.host === null).map((run) => run.lane))).toEqual(new Set(['(local)']));
    expect(runs.filter((run) => run.host === 'hooks.example').map((run) => run.lane)).toEqual(['hooks.example']);
    expect(new Set(runs.map((run) => run.cycle)).size).toBe(1);
  });
});
