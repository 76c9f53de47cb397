import { describe, expect, it } from 'vitest';
import { backoffDelay, jitteredInterval, MAX_BACKOFF_MS } from '../../src/main/engine/backoff';

describe('backoffDelay', () => {
  const interval = 15 * 60 * 1000;

  it('starts at the interval and doubles, within the jitter band', () => {
    expect(backoffDelay(1, interval, () => 0)).toBe(interval);
    expect(backoffDelay(1, interval, () => 1)).toBe(2 * interval);
    expect(backoffDelay(3, interval, () => 1)).toBe(8 * interval);
  });

  it('never exceeds a day', () => {
    expect(backoffDelay(50, interval, () => 1)).toBe(MAX_BACKOFF_MS);
  });

  it('keeps a failing feed to at most 12 attempts in a 24 h outage, even with the unluckiest jitter', () => {
    for (const random of [() => 0, () => 0.5, () => 1, Math.random]) {
      let time = 0;
      let attempts = 0;
      let failures = 0;
      while (time < 24 * 60 * 60 * 1000) {
        attempts += 1;
        failures += 1;
        time += backoffDelay(failures, interval, random);
      }
      expect(attempts).toBeLessThanOrEqual(12);
    }
  });
});

describe('jitteredInterval', () => {
  it('spreads by at most 10 %', () => {
    expect(jitteredInterval(1000, () => 0)).toBe(1000);
    expect(jitteredInterval(1000, () => 1)).toBe(1100);
  });
});
