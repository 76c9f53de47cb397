import type { Clock, TimerHandle } from './ports';

// One timer, armed for the next due time: the earliest trigger fetch, the next publish cycle when
// something is queued, or the daily recycle. No polling loop and no work while nothing is due.
// A cycle never overlaps itself: a tick that finds one running lets it finish and re-arms after.

export interface SchedulerHooks {
  /** When the next fetch is due (null: no active trigger). */
  nextFetchAt(): number | null;
  /** When the next publish cycle is due (null: nothing queued). */
  nextPublishAt(): number | null;
  nextRecycleAt(): number;
  runFetchCycle(): Promise<void>;
  runPublishCycle(): Promise<void>;
  runRecycle(): void;
  /** False while the machine is offline: fetches wait without counting failures. */
  isOnline(): boolean;
  onError(error: unknown): void;
}

/** While offline, look again this often in case no "online" event comes. */
export const OFFLINE_RECHECK_MS = 5 * 60 * 1000;

export class Scheduler {
  private timer: TimerHandle | null = null;
  private armedFor: number | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly clock: Clock,
    private readonly hooks: SchedulerHooks,
  ) {}

  get active(): boolean {
    return !this.stopped;
  }

  /** When the timer will fire next, for status displays (null while stopped). */
  get nextWakeAt(): number | null {
    return this.armedFor;
  }

  start(): void {
    this.stopped = false;
    this.arm();
  }

  /** Stops arming; a running tick finishes. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    this.armedFor = null;
  }

  /** Something changed (a trigger was added, the machine woke up): recompute the timer. */
  arm(): void {
    if (this.stopped) return;
    this.timer?.cancel();
    this.timer = null;
    if (this.running) return; // re-armed when the running tick ends
    const now = this.clock.now();
    const online = this.hooks.isOnline();
    const candidates = [this.hooks.nextPublishAt(), this.hooks.nextRecycleAt()];
    const fetchAt = this.hooks.nextFetchAt();
    candidates.push(fetchAt === null ? null : online ? fetchAt : Math.max(fetchAt, now + OFFLINE_RECHECK_MS));
    const due = candidates.filter((value): value is number => value !== null && Number.isFinite(value));
    if (due.length === 0) {
      this.armedFor = null;
      return;
    }
    const at = Math.min(...due);
    this.armedFor = at;
    this.timer = this.clock.setTimer(Math.max(0, at - now), () => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
        this.arm();
      });
    });
  }

  /** Resolves when the running tick (if any) is done. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async tick(): Promise<void> {
    const now = this.clock.now();
    try {
      const fetchAt = this.hooks.nextFetchAt();
      if (fetchAt !== null && fetchAt <= now && this.hooks.isOnline()) await this.hooks.runFetchCycle();
      const publishAt = this.hooks.nextPublishAt();
      if (publishAt !== null && publishAt <= this.clock.now()) await this.hooks.runPublishCycle();
      if (this.hooks.nextRecycleAt() <= this.clock.now()) this.hooks.runRecycle();
    } catch (error) {
      this.hooks.onError(error);
    }
  }
}
