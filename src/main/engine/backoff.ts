// Exponential backoff with jitter, capped: never poll a failing feed harder than its interval, and
// after a long outage settle at about once a day.

export const MAX_BACKOFF_MS = 24 * 60 * 60 * 1000;

/**
 * Delay before the next attempt after `failures` consecutive failures (1 = the first failure),
 * starting from the trigger's interval and doubling, with "equal jitter" (half fixed, half random)
 * so attempts spread out but never come sooner than half the nominal delay.
 */
export function backoffDelay(failures: number, baseMs: number, random: () => number, capMs = MAX_BACKOFF_MS): number {
  const exponent = Math.min(Math.max(failures, 1), 30);
  const nominal = Math.min(capMs, baseMs * 2 ** exponent);
  return Math.round(nominal / 2 + (nominal / 2) * random());
}

/** The regular interval with a little jitter, so triggers created together spread over time. */
export function jitteredInterval(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (1 + 0.1 * random()));
}

/** Publish retries: start at a minute, double, cap at six hours. */
export function publishRetryDelay(attempts: number, random: () => number): number {
  return backoffDelay(attempts, 30_000, random, 6 * 60 * 60 * 1000);
}
