import type { Store } from './store';

// Writes that arrive close together share one transaction: each runs in its own savepoint (a
// failure rolls back that write alone, as its own transaction did) and learns its outcome once the
// one COMMIT is done. With hundreds of fetch results a second, a commit per result costs more than
// the writes themselves (WAL frames for the same pages again and again, and the checkpoints they
// bring). A batch is committed when it is full (capped so the main thread never blocks for long)
// or `maxDelayMs` after its first write (0: in the next turn of the event loop).

interface QueuedWrite {
  /** Runs the work and keeps its result for the resolve that follows the commit. */
  work: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  maxPerCommit?: number;
  /** How long a write may wait for others before its batch is committed anyway. */
  maxDelayMs?: number;
}

export class GroupCommit {
  private queue: QueuedWrite[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private readonly maxPerCommit: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly store: Store,
    options: GroupCommitOptions = {},
  ) {
    this.maxPerCommit = options.maxPerCommit ?? 8;
    this.maxDelayMs = options.maxDelayMs ?? 0;
  }

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

  /**
   * Commits every queued write now instead of when its delay ends, for a caller that knows no
   * other write will join them (a publish cycle whose slots are all done: waiting would only make
   * the cycle end 20 ms later).
   */
  flushPending(): void {
    this.cancelScheduled();
    while (this.queue.length > 0) this.commit(this.queue.splice(0, this.maxPerCommit));
  }

  private cancelScheduled(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  private schedule(): void {
    if (this.queue.length >= this.maxPerCommit) {
      // A full batch: commit it in the next turn.
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.immediate ??= setImmediate(() => this.flush());
      return;
    }
    if (this.timer || this.immediate) return;
    if (this.maxDelayMs > 0) this.timer = setTimeout(() => this.flush(), this.maxDelayMs);
    else this.immediate = setImmediate(() => this.flush());
  }

  private flush(): void {
    this.timer = null;
    this.immediate = null;
    const batch = this.queue.splice(0, this.maxPerCommit);
    if (this.queue.length > 0) this.schedule();
    if (batch.length > 0) this.commit(batch);
  }

  /** One transaction for the batch, each write in its own savepoint; settles each write once committed. */
  private commit(batch: QueuedWrite[]): void {
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
