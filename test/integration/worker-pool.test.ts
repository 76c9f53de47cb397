import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/main/engine/pool';
import type { WorkerTask } from '../../src/workers/tasks';
import { untilThreadsExit } from '../support/idle-threads';

// A host's tasks run on one worker thread, so the connections that thread keeps alive are all the
// connections to the host (the per-host cap holds for connections too); hosts spread evenly.

const WORKER = path.resolve(import.meta.dirname, '../support/thread-id-worker.mjs');
const TASK = { kind: 'parse-opml', text: '' } as WorkerTask;

let pool: WorkerPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

async function threadOf(host: string | null): Promise<number> {
  return (await pool!.run(TASK, 5_000, host)) as unknown as number;
}

describe('worker pool lanes', () => {
  it("runs every task of a host on the same thread and spreads hosts over the threads", async () => {
    pool = new WorkerPool({ workerFile: WORKER, threads: 2, maxInFlight: 16 });
    const hosts = ['a.example', 'b.example', 'c.example', 'd.example'];
    const runs = await Promise.all(Array.from({ length: 40 }, (_, index) => hosts[index % hosts.length] ?? '').map(async (host) => ({ host, thread: await threadOf(host) })));
    const threadsByHost = new Map<string, Set<number>>();
    for (const { host, thread } of runs) threadsByHost.set(host, (threadsByHost.get(host) ?? new Set()).add(thread));
    for (const threads of threadsByHost.values()) expect(threads.size).toBe(1);
    const hostsPerThread = new Map<number, number>();
    for (const threads of threadsByHost.values()) for (const thread of threads) hostsPerThread.set(thread, (hostsPerThread.get(thread) ?? 0) + 1);
    expect([...hostsPerThread.values()]).toEqual([2, 2]);
  });

  it('sends tasks without a host to the least busy thread', async () => {
    pool = new WorkerPool({ workerFile: WORKER, threads: 2, maxInFlight: 16 });
    const threads = await Promise.all(Array.from({ length: 8 }, () => threadOf(null)));
    expect(new Set(threads).size).toBe(2);
  });

  it('lets a thread that is still loading finish before it is closed, and starts none just to close it', async () => {
    // Closing terminates the thread; on Node 20 one cut off while loading its ES modules aborts
    // the whole process. Here one lane's thread gets a task and the other lane none.
    const loadedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-pool-loaded-'));
    process.env.TH_LOADED_DIR = loadedDir;
    pool = new WorkerPool({ workerFile: path.resolve(import.meta.dirname, '../support/slow-loading-worker.mjs'), threads: 2, maxInFlight: 4 });
    const answered = pool.run(TASK, 5_000, 'a.example');
    await pool.close();
    await answered;
    delete process.env.TH_LOADED_DIR;
    expect(fs.readdirSync(loadedDir)).toHaveLength(1);
  });

  it('starts a thread with its first task, lets it exit once idle, and starts a new one for the next task', async () => {
    pool = new WorkerPool({ workerFile: WORKER, threads: 2, maxInFlight: 4, threadIdleMs: 150 });
    expect(pool.liveThreads).toBe(0);
    const first = await threadOf('a.example');
    expect(pool.liveThreads).toBe(1);
    // Tasks closer together than the idle time keep the thread.
    for (let round = 0; round < 3; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await threadOf('a.example')).toBe(first);
    }
    expect(await untilThreadsExit(pool)).toBe(0);
    const next = await threadOf('a.example');
    expect(next).not.toBe(first);
    expect(pool.liveThreads).toBe(1);
  });

  it('fails the tasks of a thread whose module does not load, with the reason, and tries a new thread for the next task', async () => {
    pool = new WorkerPool({ workerFile: path.resolve(import.meta.dirname, '../support/failing-worker.mjs'), threads: 1, maxInFlight: 4 });
    const started = Date.now();
    await expect(pool.run(TASK, 20_000, 'a.example')).rejects.toThrow(/worker thread failed: broken worker module/);
    await expect(pool.run(TASK, 20_000, 'a.example')).rejects.toThrow(/broken worker module/);
    // Long before the tasks' hard deadline, and the process is still here to tell.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('closes cleanly after its threads have exited and while a new one is loading', async () => {
    const loadedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-pool-loaded-'));
    process.env.TH_LOADED_DIR = loadedDir;
    pool = new WorkerPool({ workerFile: path.resolve(import.meta.dirname, '../support/slow-loading-worker.mjs'), threads: 1, maxInFlight: 4, threadIdleMs: 100 });
    await pool.run(TASK, 5_000, 'a.example');
    expect(await untilThreadsExit(pool)).toBe(0);
    // The lane's next thread is loading when the pool closes: closing waits for it.
    const answered = pool.run(TASK, 5_000, 'a.example');
    await pool.close();
    await answered;
    delete process.env.TH_LOADED_DIR;
    expect(fs.readdirSync(loadedDir)).toHaveLength(2);
  });

  it("starts every lane's thread before a cycle and resolves once they have loaded, then starts none while they live", async () => {
    const loadedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-pool-loaded-'));
    process.env.TH_LOADED_DIR = loadedDir;
    try {
      pool = new WorkerPool({ workerFile: path.resolve(import.meta.dirname, '../support/slow-loading-worker.mjs'), threads: 2, maxInFlight: 4 });
      const started = Date.now();
      await pool.startThreads();
      // The stand-in takes 400 ms to load; both threads have loaded when the wait is over.
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(fs.readdirSync(loadedDir)).toHaveLength(2);
      expect(pool.liveThreads).toBe(2);
      const again = Date.now();
      await pool.startThreads();
      expect(Date.now() - again).toBeLessThan(100);
      expect(fs.readdirSync(loadedDir)).toHaveLength(2);
    } finally {
      delete process.env.TH_LOADED_DIR;
    }
  });

  it('starts only as many threads as the cycle has sources for, and keeps live ones from their idle exit', async () => {
    pool = new WorkerPool({ workerFile: WORKER, threads: 2, maxInFlight: 4, threadIdleMs: 1_000 });
    await pool.startThreads({ upTo: 1 });
    expect(pool.liveThreads).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await pool.startThreads({ upTo: 1 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    // 1.2 s after the thread's first task, but only 0.6 s after the last one.
    expect(pool.liveThreads).toBe(1);
  });

  it('stops waiting for loading threads when the cycle is aborted', async () => {
    const loadedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-pool-loaded-'));
    process.env.TH_LOADED_DIR = loadedDir;
    try {
      pool = new WorkerPool({ workerFile: path.resolve(import.meta.dirname, '../support/slow-loading-worker.mjs'), threads: 2, maxInFlight: 4 });
      const cycle = new AbortController();
      setTimeout(() => cycle.abort(), 50);
      const started = Date.now();
      await pool.startThreads({ upTo: 1, signal: cycle.signal });
      expect(Date.now() - started).toBeLessThan(300);
      // That thread goes on loading; an aborted cycle or a stopping engine starts no other.
      await pool.startThreads({ signal: cycle.signal });
      pool.stopStarting();
      await pool.startThreads();
      expect(pool.liveThreads).toBe(1);
    } finally {
      delete process.env.TH_LOADED_DIR;
    }
  });

  it('does not hold a cycle for a thread whose module does not load', async () => {
    pool = new WorkerPool({ workerFile: path.resolve(import.meta.dirname, '../support/failing-worker.mjs'), threads: 1, maxInFlight: 4 });
    const started = Date.now();
    await pool.startThreads();
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(pool.run(TASK, 20_000, 'a.example')).rejects.toThrow(/broken worker module/);
  });
});
