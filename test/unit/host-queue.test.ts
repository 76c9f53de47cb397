import { describe, expect, it } from 'vitest';
import { HostQueue } from '../../src/main/engine/host-queue';

// A host's due sources wait as data, taken in arrival order by the host's runners.

describe('HostQueue', () => {
  it('hands out items in the order they came, and nothing once empty', () => {
    const queue = new HostQueue<string>('feeds.example');
    queue.push('a');
    queue.push('b');
    expect(queue.take()).toBe('a');
    queue.push('c');
    expect([queue.take(), queue.take(), queue.take()]).toEqual(['b', 'c', undefined]);
  });

  it('wakes a waiting runner when an item arrives, and every waiting runner for good once closed', async () => {
    const queue = new HostQueue<number>(null);
    const first = queue.moreWork();
    const second = queue.moreWork();
    queue.push(1);
    await Promise.all([first, second]);
    expect(queue.take()).toBe(1);
    const waiting = queue.moreWork();
    expect(queue.open).toBe(true);
    queue.close();
    await waiting;
    expect(queue.open).toBe(false);
    await queue.moreWork();
  });
});
