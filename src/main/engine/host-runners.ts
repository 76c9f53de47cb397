import type { HostQueue } from './host-queue';

// A cycle's queues, one per host, and the runners that take from them. The fetch and publish
// cycles both start a host's runners as its work arrives, up to its slots, and must not end
// before every runner has: a cycle that returned while runners still worked would overlap the
// next one. `finish` is that rule, in one place.

export class HostRunners<Q extends HostQueue<unknown>> {
  private readonly queues = new Map<string | null, Q>();
  private readonly running: Array<Promise<void>> = [];

  constructor(
    private readonly create: (host: string | null) => Q,
    private readonly run: (queue: Q) => Promise<void>,
  ) {}

  /** The host's queue, created the first time the host has work. */
  queueFor(host: string | null): Q {
    let queue = this.queues.get(host);
    if (!queue) {
      queue = this.create(host);
      this.queues.set(host, queue);
    }
    return queue;
  }

  /** One more runner on `queue` while it has fewer than `slots` (its `runners` counts them, from 1). */
  staff(queue: Q, slots: number): void {
    if (queue.runners >= slots) return;
    queue.runners += 1;
    const running = this.run(queue);
    running.catch(() => undefined); // reported by finish()
    this.running.push(running);
  }

  /**
   * No more work will come: closes every queue and resolves once every runner has ended. A
   * runner's failure is thrown, but only after all of them have ended.
   */
  async finish(): Promise<void> {
    for (const queue of this.queues.values()) queue.close();
    await Promise.allSettled(this.running);
    await Promise.all(this.running);
  }
}
