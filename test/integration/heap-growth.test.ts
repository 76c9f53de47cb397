import path from 'node:path';
import v8 from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { limitHeapGrowth } from '../../src/main/engine/heap-growth';
import { WorkerPool } from '../../src/main/engine/pool';
import type { WorkerTask } from '../../src/workers/tasks';
import { untilThreadsExit } from '../support/idle-threads';

// The main thread's young generation keeps the size it had when the engine started, even after
// the pool's threads come up (setting up a thread's heap lets young generations grow again, for
// the whole process, until the pool stops that). This file runs in a process of its own (the
// integration project uses forks), so the process-wide V8 settings stay here.

const WORKER = path.resolve(import.meta.dirname, '../support/thread-id-worker.mjs');
const TASK = { kind: 'parse-opml', text: '' } as WorkerTask;

function youngGenerationMb(): number {
  return (v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0) / (1024 * 1024);
}

/** Allocation with survivors, as a cycle's results are: enough to double a young generation several times over. */
function allocateWithSurvivors(): number {
  let kept: Array<{ index: number; text: string }> = [];
  let total = 0;
  for (let index = 0; index < 6_000_000; index += 1) {
    const entry = { index, text: `item ${index}` };
    if (index % 3 === 0) kept.push(entry);
    if (kept.length > 150_000) {
      total += kept.length;
      kept = kept.slice(75_000);
    }
  }
  return total + kept.length;
}

let pool: WorkerPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('young generation', () => {
  it("keeps the main thread's size once the engine has started, after the worker threads come up", async () => {
    limitHeapGrowth();
    const atStart = youngGenerationMb();
    pool = new WorkerPool({ workerFile: WORKER, threads: 2, maxInFlight: 4 });
    // Both threads answer, so both are online.
    const threads = await Promise.all([pool.run(TASK, 5_000, 'a.example'), pool.run(TASK, 5_000, 'b.example')]);
    expect(new Set(threads).size).toBe(2);
    expect(allocateWithSurvivors()).toBeGreaterThan(0);
    expect(youngGenerationMb()).toBe(atStart);
  });

  it('keeps it too when a lane starts a new thread after its idle one has exited', async () => {
    limitHeapGrowth();
    const atStart = youngGenerationMb();
    pool = new WorkerPool({ workerFile: WORKER, threads: 1, maxInFlight: 4, threadIdleMs: 100 });
    const first = await pool.run(TASK, 5_000, 'a.example');
    expect(await untilThreadsExit(pool)).toBe(0);
    expect(await pool.run(TASK, 5_000, 'a.example')).not.toBe(first);
    expect(allocateWithSurvivors()).toBeGreaterThan(0);
    expect(youngGenerationMb()).toBe(atStart);
  });
});
