import type { Clock, TimerHandle } from '../../src/main/engine/ports';

/**
 * A clock the test moves by hand. Timers fire in time order as `advance` passes them; each callback
 * may arm new timers, which fire too if they fall inside the advanced span.
 */
export class FakeClock implements Clock {
  private current: number;
  private timers: Array<{ at: number; callback: () => void; cancelled: boolean }> = [];

  constructor(start = Date.parse('2026-11-30T08:00:00Z')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, callback: () => void): TimerHandle {
    const timer = { at: this.current + Math.max(0, ms), callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** The time the next live timer is armed for, or null. */
  nextTimerAt(): number | null {
    const live = this.timers.filter((timer) => !timer.cancelled);
    return live.length === 0 ? null : Math.min(...live.map((timer) => timer.at));
  }

  pendingTimers(): number {
    return this.timers.filter((timer) => !timer.cancelled).length;
  }

  /** Moves time to `at` without firing anything. */
  set(at: number): void {
    this.current = at;
  }

  /** Fires the earliest live timer (moving time to it); false when none is armed. */
  fireNext(): boolean {
    const live = this.timers.filter((timer) => !timer.cancelled).sort((a, b) => a.at - b.at);
    const next = live[0];
    if (!next) return false;
    next.cancelled = true;
    this.timers = this.timers.filter((timer) => !timer.cancelled);
    this.current = Math.max(this.current, next.at);
    next.callback();
    return true;
  }
}
