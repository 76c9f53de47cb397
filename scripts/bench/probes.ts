import fs from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Clock, TimerHandle } from '../../src/main/engine/ports';

// What the engine run measures besides wall time: the main thread's event-loop delay, the
// process's resident memory (piscina threads live in the same process), and the scheduler's
// timers, counted through the engine's clock port.

export class LoopDelay {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 });

  start(): void {
    this.histogram.reset();
    this.histogram.enable();
  }

  /** p99, max and mean in ms (the histogram records ns). */
  stop(): { p99: number; max: number; mean: number } {
    this.histogram.disable();
    const toMs = (ns: number): number => (Number.isFinite(ns) ? ns / 1e6 : 0);
    return { p99: toMs(this.histogram.percentile(99)), max: toMs(this.histogram.max), mean: toMs(this.histogram.mean) };
  }
}

/** Samples process.memoryUsage.rss() every `everyMs`; keeps the overall and the current window's peak. */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  peak = 0;
  private windowPeak = 0;

  constructor(private readonly everyMs = 50) {}

  /** The main thread's heap when the overall peak was sampled (worker heaps are only in rss). */
  atPeak: NodeJS.MemoryUsage | null = null;

  private sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) {
      this.peak = rss;
      this.atPeak = process.memoryUsage();
    }
    this.windowPeak = Math.max(this.windowPeak, rss);
    return rss;
  }

  start(): void {
    if (this.timer) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  /** Starts a new window; returns the current RSS. */
  window(): number {
    this.windowPeak = 0;
    return this.sample();
  }

  /** The peak of the current window, in bytes. */
  windowEnd(): number {
    this.sample();
    return this.windowPeak;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** The system clock, counting the timers the scheduler arms (live = armed, not yet fired or cancelled). */
export class CountingClock implements Clock {
  live = 0;
  fired = 0;
  armed = 0;

  now(): number {
    return Date.now();
  }

  setTimer(ms: number, callback: () => void): TimerHandle {
    this.live += 1;
    this.armed += 1;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      this.live -= 1;
    };
    const handle = setTimeout(
      () => {
        finish();
        this.fired += 1;
        callback();
      },
      Math.max(0, Math.min(ms, 2 ** 31 - 1)),
    );
    return {
      cancel: () => {
        clearTimeout(handle);
        finish();
      },
    };
  }
}

export const MB = 1024 * 1024;

/**
 * CPU time of the main thread alone, in ms (Linux: /proc/self/task/<pid>/stat, whose thread id is
 * the process id); null where /proc is missing. process.cpuUsage() counts every thread.
 */
export function mainThreadCpuMs(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
