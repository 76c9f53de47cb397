import os from 'node:os';
import { Piscina } from 'piscina';
import type { TaskResults, WorkerTask } from '../../workers/tasks';

// The piscina pool, created on first use (the CLI's `triggers list` never starts a thread) and
// closed once (Angular CLI's WorkerPool: one subclass-free wrapper, idempotent shutdown). Several
// tasks share a thread because the work is mostly waiting on the network; each task carries its
// own deadline, so the pool's abort is only a last resort for a task stuck in synchronous code.

export interface PoolOptions {
  workerFile: string;
  /** 0 means min(4, cores). */
  threads: number;
  /** How many tasks may be in flight across the pool. */
  maxInFlight: number;
}

export class WorkerPool {
  private pool: Piscina | null = null;
  private closing: Promise<void> | null = null;
  private inFlight = 0;
  /** Pools replaced by reconfigure(), closed once their last task is done. */
  private retiring: Piscina[] = [];
  /** Pools with a thread stuck past a task's hard deadline, destroyed after a grace period. */
  private readonly stuck = new Set<Piscina>();

  constructor(private options: PoolOptions) {}

  /** New thread or concurrency settings: new tasks go to a new pool, the old one drains and closes. */
  reconfigure(options: PoolOptions): void {
    if (options.threads === this.options.threads && options.maxInFlight === this.options.maxInFlight && options.workerFile === this.options.workerFile) return;
    this.options = options;
    if (this.pool) this.retiring.push(this.pool);
    this.pool = null;
    this.closeRetiredWhenIdle();
  }

  private closeRetiredWhenIdle(): void {
    if (this.inFlight > 0 || this.retiring.length === 0) return;
    const old = this.retiring;
    this.retiring = [];
    for (const pool of old) void pool.close();
  }

  get threads(): number {
    return this.options.threads > 0 ? this.options.threads : Math.max(1, Math.min(4, os.availableParallelism()));
  }

  private instance(): Piscina {
    if (this.closing) throw new Error('The worker pool is shutting down');
    if (!this.pool) {
      const threads = this.threads;
      this.pool = new Piscina({
        filename: this.options.workerFile,
        // Every thread from the start: piscina hands a task to an idle thread first, so parsing
        // spreads over all of them (with minThreads 1, one thread takes up to
        // concurrentTasksPerWorker tasks before a second one is started).
        minThreads: threads,
        maxThreads: threads,
        concurrentTasksPerWorker: Math.max(1, Math.ceil(this.options.maxInFlight / threads)),
        idleTimeout: 30_000,
        // Atomics park idle threads, which starves keep-alive sockets between tasks.
        atomics: 'disabled',
        recordTiming: false,
        // A parser that blows up takes down its thread, not the app. A young generation of 16 MB
        // (V8's default lets it grow larger) kept a 3,600-feed cycle ~35 MB smaller at the same CPU.
        resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 },
      });
    }
    return this.pool;
  }

  /**
   * Runs a task. `hardDeadlineMs` gives up on it from the outside if it never returns (it has its
   * own deadline inside, so this only fires for runaway synchronous work).
   *
   * No abort signal goes to piscina: piscina runs an abortable task alone on its thread (aborting
   * terminates the thread), which would cut the pool to one task per thread and serialise every
   * network wait. Instead a task past its hard deadline is abandoned and its pool retired: new
   * tasks go to fresh threads, and the old pool is destroyed once every task it held has had its
   * own hard deadline to finish.
   */
  async run<T extends WorkerTask>(task: T, hardDeadlineMs: number): Promise<TaskResults[T['kind']]> {
    const pool = this.instance();
    let timer: NodeJS.Timeout | undefined;
    const running = pool.run(task) as Promise<TaskResults[T['kind']]>;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        running.catch(() => undefined); // settles when the retired pool is destroyed; nobody waits for it
        this.retireStuck(pool, hardDeadlineMs);
        reject(new Error('Worker task exceeded its deadline'));
      }, hardDeadlineMs);
    });
    this.inFlight += 1;
    try {
      return await Promise.race([running, deadline]);
    } finally {
      clearTimeout(timer);
      this.inFlight -= 1;
      this.closeRetiredWhenIdle();
    }
  }

  /** A thread is stuck in synchronous code: stop giving this pool work, destroy it after `graceMs`. */
  private retireStuck(pool: Piscina, graceMs: number): void {
    if (this.pool === pool) this.pool = null;
    this.retiring = this.retiring.filter((entry) => entry !== pool);
    if (this.stuck.has(pool)) return;
    this.stuck.add(pool);
    setTimeout(() => {
      this.stuck.delete(pool);
      void pool.destroy();
    }, graceMs).unref();
  }

  close(): Promise<void> {
    if (!this.closing) {
      const pools = [...this.retiring, ...(this.pool ? [this.pool] : [])];
      const stuck = [...this.stuck];
      this.stuck.clear();
      this.closing = Promise.all([...pools.map((pool) => pool.close({ force: false })), ...stuck.map((pool) => pool.destroy())]).then(() => undefined);
    }
    return this.closing;
  }
}
