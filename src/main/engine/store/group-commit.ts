import type { Store } from './store';

// Writes that arrive in the same turn of the event loop share one transaction: each runs in its
// own savepoint (a failure rolls back that write alone, as its own transaction did) and learns its
// outcome once the one COMMIT is done. With hundreds of fetch results a second, a commit per result
// costs more than the writes themselves (WAL frames for the same pages again and again, and the
// checkpoints they bring). A turn's batch is capped so the main thread never blocks for long.

interface QueuedWrite {
  /** Runs the work and keeps its result for the resolve that follows the commit. */
  work: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private queue: QueuedWrite[] = [];
  private scheduled = false;

  constructor(
    private readonly store: Store,
    private readonly maxPerCommit = 8,
  ) {}

  /** Runs `work` in a transaction shared with this turn's other writes; resolves with its result once committed. */
  write<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let result: T;
      this.queue.push({
        work: () => {
          result = work();
        },
        resolve: () => resolve(result),
        reject,
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, this.maxPerCommit);
    if (this.queue.length > 0) this.schedule();
    const failures = new Map<QueuedWrite, unknown>();
    try {
      this.store.transaction(() => {
        for (const entry of batch) {
          try {
            // Nested: a savepoint inside the shared transaction.
            this.store.transaction(entry.work);
          } catch (error) {
            failures.set(entry, error);
          }
        }
      });
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    for (const entry of batch) {
      if (failures.has(entry)) entry.reject(failures.get(entry));
      else entry.resolve();
    }
  }
}
