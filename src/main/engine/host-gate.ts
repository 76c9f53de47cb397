// The scheduler is the only place that sees all work, so it enforces the global in-flight cap and
// the per-host cap (etiquette: 2 connections per host) before a task reaches a worker. FIFO per
// host; a task takes its host slot first, then a global slot, so one busy host cannot hold every
// global slot while waiting.

interface Waiter {
  resolve: () => void;
}

class Semaphore {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(public limit: number) {}

  acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ resolve }));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next.resolve();
    else this.active -= 1;
  }

  get idle(): boolean {
    return this.active === 0 && this.waiting.length === 0;
  }

  get inUse(): number {
    return this.active;
  }
}

export class HostGate {
  private readonly hosts = new Map<string, Semaphore>();
  private readonly global: Semaphore;
  private peak = new Map<string, number>();

  constructor(
    private perHost: number,
    maxInFlight: number,
  ) {
    this.global = new Semaphore(maxInFlight);
  }

  configure(perHost: number, maxInFlight: number): void {
    this.perHost = perHost;
    this.global.limit = maxInFlight;
    for (const semaphore of this.hosts.values()) semaphore.limit = perHost;
  }

  /** Runs `work` once both a slot for `host` (null: no network) and a global slot are free. */
  async run<T>(host: string | null, work: () => Promise<T>): Promise<T> {
    const semaphore = host === null ? null : this.hostSemaphore(host);
    if (semaphore) await semaphore.acquire();
    await this.global.acquire();
    if (host !== null && semaphore) this.peak.set(host, Math.max(this.peak.get(host) ?? 0, semaphore.inUse));
    try {
      return await work();
    } finally {
      this.global.release();
      if (semaphore && host !== null) {
        semaphore.release();
        if (semaphore.idle) this.hosts.delete(host);
      }
    }
  }

  /** The most connections a host had at once since the last call (for tests and benchmarks). */
  takePeakPerHost(): Map<string, number> {
    const peak = this.peak;
    this.peak = new Map();
    return peak;
  }

  private hostSemaphore(host: string): Semaphore {
    let semaphore = this.hosts.get(host);
    if (!semaphore) {
      semaphore = new Semaphore(this.perHost);
      this.hosts.set(host, semaphore);
    }
    return semaphore;
  }
}
