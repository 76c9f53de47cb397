import os from 'node:os';
import { Piscina } from 'piscina';
import { newStopFlag, raiseStopFlag, stopFlagRaised, type PoolWorkerData } from '../../workers/stop-flag';
import type { TaskResults, WorkerTask } from '../../workers/tasks';
import { stopYoungGenerationGrowth, WORKER_YOUNG_GENERATION_MB } from './heap-growth';

// The piscina pool, created on first use (the CLI's `triggers list` never starts a thread) and
// closed once (Angular CLI's WorkerPool: one subclass-free wrapper, idempotent shutdown). Several
// tasks share a thread because the work is mostly waiting on the network; each task carries its
// own deadline, so the pool's abort is only a last resort for a task stuck in synchronous code.
//
// One piscina per thread ("lane"), and every task for a host goes to the lane that host was first
// given: the worker keeps connections alive (workers/http/connection-pool.ts), and with a host on
// one thread its connections are all the connections to it, so the per-host cap of 2 holds for
// connections too (design.md: etiquette), not only for requests in flight. New hosts go to the
// lane with the fewest hosts; tasks without a host to the least busy lane.

/** How long closing, or a cycle about to start, waits for a thread that is still loading its modules (normally well under a second). */
const LOAD_WAIT_MS = 10_000;
/**
 * A lane's thread exits after this long without a task, and the next task starts a new one. The
 * app sits in the tray between cycles (15 minutes apart by default), and a thread would hold its
 * heap and its parsers the whole time; a cycle's tasks follow one another much faster than this,
 * and the thread's own agents close idle keep-alive connections after 4 s anyway
 * (workers/http/connection-pool.ts).
 */
export const THREAD_IDLE_MS = 30_000;

/** Resolves when every answer is in, or after LOAD_WAIT_MS, or when `signal` aborts: a thread that never loads holds nobody. */
async function untilLoaded(answers: Array<Promise<void>>, signal?: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    await Promise.race([
      Promise.all(answers),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, LOAD_WAIT_MS);
        onAbort = () => resolve();
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

export interface PoolOptions {
  workerFile: string;
  /** 0 means min(4, cores). */
  threads: number;
  /** How many tasks may be in flight across the pool. */
  maxInFlight: number;
  /** How long a thread stays without a task before it exits (default THREAD_IDLE_MS). */
  threadIdleMs?: number;
}

interface Lane {
  pool: Piscina;
  inFlight: number;
  hosts: number;
}

export class WorkerPool {
  private lanes: Lane[] | null = null;
  /** Which lane serves each host; kept for the pool's life, so a host's idle connections are reused. */
  private readonly hostLanes = new Map<string, Lane>();
  private closing: Promise<void> | null = null;
  private inFlight = 0;
  /** Pools replaced by reconfigure(), closed once their last task is done. */
  private retiring: Piscina[] = [];
  /** Pools with a thread stuck past a task's hard deadline, destroyed after a grace period. */
  private readonly stuck = new Set<Piscina>();
  /** Raised when the engine stops: workers start no further delivery of a batch. */
  private readonly stopFlag = newStopFlag();
  /** Pools whose current thread has answered a task, so it has loaded its modules. */
  private readonly loaded = new WeakSet<Piscina>();
  /** Pools whose thread failed outside any task, with why: their waiting tasks fail with that reason. */
  private readonly threadFailures = new WeakMap<Piscina, string>();

  constructor(private options: PoolOptions) {}

  /** New thread or concurrency settings: new tasks go to new lanes, the old ones drain and close. */
  reconfigure(options: PoolOptions): void {
    const same = options.threads === this.options.threads && options.maxInFlight === this.options.maxInFlight && options.workerFile === this.options.workerFile && options.threadIdleMs === this.options.threadIdleMs;
    if (same) return;
    this.options = options;
    if (this.lanes) this.retiring.push(...this.lanes.map((lane) => lane.pool));
    this.lanes = null;
    this.hostLanes.clear();
    this.closeRetiredWhenIdle();
  }

  private closeRetiredWhenIdle(): void {
    if (this.inFlight > 0 || this.retiring.length === 0) return;
    const old = this.retiring;
    this.retiring = [];
    for (const pool of old) void this.closeLoaded(pool);
  }

  /**
   * Closing a pool terminates its thread. A thread cut off while it is still loading its modules
   * takes the whole process down on Node 20 (its require() of an ES module aborts on a module that
   * never finished linking), so a thread that has answered nothing yet is asked to answer first.
   */
  private async closeLoaded(pool: Piscina): Promise<void> {
    // A lane whose thread has exited (or never started) has nothing to cut off.
    if (!this.loaded.has(pool) && pool.threads.length > 0) await untilLoaded([this.answerReady(pool)]);
    await pool.close({ force: false });
  }

  /** Asks `pool`'s thread (starting one if it has none) to answer once it has loaded its modules; never rejects. */
  private answerReady(pool: Piscina): Promise<void> {
    const ready = pool.run({ kind: 'ready' } satisfies WorkerTask) as Promise<unknown>;
    return ready.then(
      () => void this.loaded.add(pool),
      () => undefined, // a thread that cannot load fails its lane's tasks with the reason instead
    );
  }

  get threads(): number {
    return this.options.threads > 0 ? this.options.threads : Math.max(1, Math.min(4, os.availableParallelism()));
  }

  /**
   * Threads running or starting now, in every pool (lanes, pools being retired, stuck ones): none
   * before the first task, and none again once every lane has been idle THREAD_IDLE_MS. A thread
   * counts until piscina asks it to terminate; its memory is returned as it exits, just after.
   */
  get liveThreads(): number {
    const pools = [...(this.lanes ?? []).map((lane) => lane.pool), ...this.retiring, ...this.stuck];
    return pools.reduce((count, pool) => count + pool.threads.length, 0);
  }

  private newPiscina(): Piscina {
    const pool = new Piscina({
      filename: this.options.workerFile,
      // A lane's thread starts before a cycle (startThreads) or with its first task, and exits when idle (THREAD_IDLE_MS).
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: this.options.threadIdleMs ?? THREAD_IDLE_MS,
      // A lane may serve every busy host at once; the scheduler's global cap bounds the total.
      concurrentTasksPerWorker: Math.max(1, this.options.maxInFlight),
      // Atomics park idle threads, which starves keep-alive sockets between tasks.
      atomics: 'disabled',
      recordTiming: false,
      // A parser that blows up takes down its thread, not the app. The young generation is capped
      // (V8's default lets it grow to 32 MB and keep it) at the size heap-growth.ts gives reasons for.
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      workerData: { stop: this.stopFlag } satisfies PoolWorkerData,
    });
    // A new thread's start lets young generations grow again, for the whole process
    // (heap-growth.ts). Cycles start their threads first and wait (startThreads); a thread that
    // other work starts on demand (an OPML import, an account check) stops the growth here, once
    // piscina announces it has loaded the worker file.
    pool.on('workerCreate', stopYoungGenerationGrowth);
    // The lane's next thread has its modules to load before closing may cut it off.
    pool.on('workerDestroy', () => this.loaded.delete(pool));
    // A thread that fails while it holds no task (its modules did not load, or an error escaped
    // outside any task) is reported here; unheard, the event would be an uncaught exception for
    // the whole app.
    pool.on('error', (error: unknown) => this.failedOutsideTasks(pool, error));
    return pool;
  }

  /**
   * Before a cycle: makes sure `upTo` lanes (default all) have a thread, starting the missing ones,
   * and resolves once each has loaded its modules (or failed to: its tasks then fail with the
   * reason), at the latest after LOAD_WAIT_MS or when `signal` aborts. Live threads get a task too,
   * so none reaches its idle timeout just as the cycle starts.
   *
   * Why a cycle waits for this: setting up a thread's heap lets young generations grow again for
   * the whole process (heap-growth.ts), and the main thread grows whenever it collects garbage in
   * that window. Started in the middle of a cycle's first burst, threads let the main thread's
   * young generation double, sometimes twice (+8 to +24 MB for the life of the process); started
   * while the main thread waits, they cannot.
   */
  async startThreads(options: { upTo?: number; signal?: AbortSignal } = {}): Promise<void> {
    if (this.closing || stopFlagRaised(this.stopFlag) || options.signal?.aborted) return;
    const lanes = this.allLanes();
    let room = Math.max(0, (options.upTo ?? lanes.length) - lanes.filter((lane) => lane.pool.threads.length > 0).length);
    const answers: Array<Promise<void>> = [];
    for (const { pool } of lanes) {
      const live = pool.threads.length > 0;
      if (!live && room === 0) continue;
      if (!live) room -= 1;
      answers.push(this.answerReady(pool));
    }
    await untilLoaded(answers, options.signal);
    stopYoungGenerationGrowth();
  }

  private allLanes(): Lane[] {
    if (this.closing) throw new Error('The worker pool is shutting down');
    this.lanes ??= Array.from({ length: this.threads }, () => ({ pool: this.newPiscina(), inFlight: 0, hosts: 0 }));
    return this.lanes;
  }

  private laneFor(host: string | null): Lane {
    const lanes = this.allLanes();
    const known = host === null ? undefined : this.hostLanes.get(host);
    if (known) return known;
    let best = lanes[0] as Lane;
    for (const lane of lanes) {
      const better = host === null ? lane.inFlight < best.inFlight : lane.hosts < best.hosts || (lane.hosts === best.hosts && lane.inFlight < best.inFlight);
      if (better) best = lane;
    }
    if (host !== null) {
      this.hostLanes.set(host, best);
      best.hosts += 1;
    }
    return best;
  }

  /**
   * Runs a task, on the lane of `host` when it has one. `hardDeadlineMs` gives up on it from the
   * outside if it never returns (it has its own deadline inside, so this only fires for runaway
   * synchronous work).
   *
   * No abort signal goes to piscina: piscina runs an abortable task alone on its thread (aborting
   * terminates the thread), which would cut the pool to one task per thread and serialise every
   * network wait. Instead a task past its hard deadline is abandoned and its lane gets a fresh
   * thread; the old one is destroyed once every task it held has had its own hard deadline.
   */
  async run<T extends WorkerTask>(task: T, hardDeadlineMs: number, host: string | null = null): Promise<TaskResults[T['kind']]> {
    const lane = this.laneFor(host);
    const pool = lane.pool;
    let timer: NodeJS.Timeout | undefined;
    const running = (pool.run(task) as Promise<TaskResults[T['kind']]>).catch((error: unknown) => {
      const reason = this.threadFailures.get(pool);
      throw reason === undefined ? error : new Error(`The worker thread failed: ${reason}`);
    });
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        running.catch(() => undefined); // settles when the retired pool is destroyed; nobody waits for it
        this.retireStuck(pool, hardDeadlineMs);
        reject(new Error('Worker task exceeded its deadline'));
      }, hardDeadlineMs);
    });
    this.inFlight += 1;
    lane.inFlight += 1;
    try {
      const result = await Promise.race([running, deadline]);
      this.loaded.add(pool);
      return result;
    } finally {
      clearTimeout(timer);
      this.inFlight -= 1;
      lane.inFlight -= 1;
      this.closeRetiredWhenIdle();
    }
  }

  /**
   * A lane's thread failed while it held no task, as when its modules do not load: the tasks
   * waiting for it fail now with that reason (not at their hard deadline), and the lane gets a
   * new pool, so a later task tries a new thread.
   */
  private failedOutsideTasks(pool: Piscina, error: unknown): void {
    this.threadFailures.set(pool, error instanceof Error ? error.message : String(error));
    this.takeOutOfService(pool);
    void pool.destroy();
  }

  /** A thread is stuck in synchronous code: its lane gets a new thread, the old one is destroyed after `graceMs`. */
  private retireStuck(pool: Piscina, graceMs: number): void {
    this.takeOutOfService(pool);
    if (this.stuck.has(pool)) return;
    this.stuck.add(pool);
    setTimeout(() => {
      this.stuck.delete(pool);
      void pool.destroy();
    }, graceMs).unref();
  }

  /**
   * `pool` gets no further task: the lane that still has it gets a new one (not while closing),
   * and it is no longer among the pools waiting to be closed, since its caller ends it.
   */
  private takeOutOfService(pool: Piscina): void {
    const lane = this.lanes?.find((entry) => entry.pool === pool);
    if (lane && !this.closing) lane.pool = this.newPiscina();
    this.retiring = this.retiring.filter((entry) => entry !== pool);
  }

  /** Workers finish what is on the network and start nothing queued behind it (a batch's later deliveries). */
  stopStarting(): void {
    raiseStopFlag(this.stopFlag);
  }

  close(): Promise<void> {
    this.stopStarting();
    if (!this.closing) {
      const pools = [...this.retiring, ...(this.lanes ?? []).map((lane) => lane.pool)];
      const stuck = [...this.stuck];
      this.stuck.clear();
      this.closing = Promise.all([...pools.map((pool) => this.closeLoaded(pool)), ...stuck.map((pool) => pool.destroy())]).then(() => undefined);
    }
    return this.closing;
  }
}
