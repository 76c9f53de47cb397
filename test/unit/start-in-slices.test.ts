import { describe, expect, it } from 'vitest';
import { startInSlices } from '../../src/main/engine/start-in-slices';

// A cycle over thousands of sources starts them in slices, so the main thread (tray, window)
// gets turns in between, and every one of them still runs.

describe('startInSlices', () => {
  it('starts every item and resolves once all are done', async () => {
    const done: number[] = [];
    await startInSlices([...Array(1000).keys()], async (item) => {
      await Promise.resolve();
      done.push(item);
    });
    expect(done).toHaveLength(1000);
  });

  it('lets other events run between slices', async () => {
    const started: number[] = [];
    let startedWhenOtherEventRan = -1;
    setImmediate(() => {
      startedWhenOtherEventRan = started.length;
    });
    await startInSlices([...Array(1000).keys()], (item) => {
      started.push(item);
      return new Promise<void>((resolve) => setImmediate(resolve));
    });
    expect(startedWhenOtherEventRan).toBeGreaterThan(0);
    expect(startedWhenOtherEventRan).toBeLessThan(1000);
  });

  it('reports a task that failed while later slices were starting, without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const run = startInSlices([...Array(600).keys()], (item) => (item === 0 ? Promise.reject(new Error('first failed')) : Promise.resolve()));
      await expect(run).rejects.toThrow('first failed');
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
