import type { WorkerPool } from '../../src/main/engine/pool';

/** Waits up to `limitMs` for every thread of `pool` to have exited (its idle timeout); returns how many still run. */
export async function untilThreadsExit(pool: WorkerPool, limitMs = 5_000): Promise<number> {
  const deadline = Date.now() + limitMs;
  while (pool.liveThreads > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  return pool.liveThreads;
}
