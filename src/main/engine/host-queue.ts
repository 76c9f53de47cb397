// One host's share of a cycle, in the order it arrived, taken by at most as many runners as the
// host has slots: the fetch cycle's due sources, and (as PublishLane) the publish cycle's
// triggers. Work waits here as plain data. Before, every due source started an async call that
// then waited at the host gate: with 10,000 sources, ~12 MB of suspended calls (promises,
// closures, contexts, generators) sat on the main thread's heap for the whole cycle.

export class HostQueue<T> {
  private items: T[] = [];
  private complete = false;
  private wake: Array<() => void> = [];
  /** Runners taking from this queue. */
  runners = 0;

  constructor(readonly host: string | null) {}

  push(item: T): void {
    this.items.push(item);
    this.wakeAll();
  }

  /** Nothing more will be pushed: runners waiting for work end. */
  close(): void {
    this.complete = true;
    this.wakeAll();
  }

  /** The oldest waiting item, or undefined when none waits. */
  take(): T | undefined {
    return this.items.shift();
  }

  /** Whether items may still be pushed. */
  get open(): boolean {
    return !this.complete;
  }

  /** Resolves when an item is pushed or the queue is closed. */
  moreWork(): Promise<void> {
    if (this.complete) return Promise.resolve();
    return new Promise((resolve) => this.wake.push(resolve));
  }

  private wakeAll(): void {
    const wake = this.wake;
    this.wake = [];
    for (const resolve of wake) resolve();
  }
}
