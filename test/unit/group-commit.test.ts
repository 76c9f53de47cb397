import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from '../../src/main/engine/store/group-commit';
import type { Store } from '../../src/main/engine/store/store';
import { memoryStore } from '../support/memory-store';

// Writes that arrive close together share one commit, each in its own savepoint; a caller that
// knows nothing else will come can commit what is queued at once.

let store: Store;

function hostDelays(): Array<{ host: string; reason: string | null }> {
  return store.db.prepare('SELECT host, reason FROM host_limits ORDER BY host').all() as Array<{ host: string; reason: string | null }>;
}

beforeEach(() => {
  store = memoryStore();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  store.close();
});

describe('GroupCommit', () => {
  it('commits writes of the same moment together once their delay ends, a failing write alone rolled back', async () => {
    const commits = new GroupCommit(store, { maxDelayMs: 20, maxPerCommit: 8 });
    const first = commits.write(() => store.hostLimits.delay('a.example', 1_000, 'first'));
    const failing = commits.write(() => {
      store.hostLimits.delay('b.example', 1_000, 'rolled back');
      throw new Error('refused');
    });
    const failure = failing.then(
      () => 'committed',
      (error: unknown) => (error as Error).message,
    );
    const third = commits.write(() => store.hostLimits.delay('c.example', 1_000, 'third'));
    expect(hostDelays()).toEqual([]); // queued: nothing runs before the batch's delay ends
    await vi.advanceTimersByTimeAsync(19);
    let settled = false;
    void first.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(first).resolves.toBeUndefined();
    await expect(failure).resolves.toBe('refused');
    await expect(third).resolves.toBeUndefined();
    expect(hostDelays().map(({ host }) => host)).toEqual(['a.example', 'c.example']);
  });

  it('flushPending commits every queued write at once and leaves no timer behind', async () => {
    const commits = new GroupCommit(store, { maxDelayMs: 20, maxPerCommit: 2 });
    const writes = ['a', 'b', 'c', 'd', 'e'].map((name) => commits.write(() => store.hostLimits.delay(`${name}.example`, 1_000, name)));
    commits.flushPending();
    // Settled with no timer run at all, in commits of at most two writes each.
    await Promise.all(writes);
    expect(hostDelays()).toHaveLength(5);
    expect(vi.getTimerCount()).toBe(0);
  });
});
