import { performance } from 'node:perf_hooks';

// Many small pieces of synchronous main-thread work (a publish slot claiming its next batch: a
// commit and a hand-off to a worker) come due together: at the start of a cycle, or when a burst
// of answers arrives. Run as they come, a hundred of them held the thread (the tray's and the
// window's) for 75–250 ms. They queue here instead and run in order from a timer, about
// `budgetMs` of them per turn of the event loop; the rest wait for the next turn. Always from a
// timer: run from the callback that queued them, each burst of answers in one turn would start
// a budget of its own.

export class TurnBudget {
  private readonly queue: Array<() => void> = [];
  private scheduled = false;

  constructor(private readonly budgetMs: number) {}

  /** Runs `work` in its turn; resolves with its result (or rejects with its error). */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        try {
          resolve(work());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setTimeout(() => this.drain(), 0);
      }
    });
  }

  private drain(): void {
    const started = performance.now();
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      next();
      if (this.queue.length > 0 && performance.now() - started >= this.budgetMs) {
        // A timer, not setImmediate: immediates queued while I/O callbacks run still run before
        // the loop comes back to its timers, so they would not let anything else in.
        setTimeout(() => this.drain(), 0);
        return;
      }
    }
    this.scheduled = false;
  }
}
