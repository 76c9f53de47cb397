import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/main/cli/duration';

describe('durations on the command line', () => {
  it('reads each unit', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('2h')).toBe(7200);
    expect(parseDuration('1d')).toBe(86_400);
  });

  it('reads combinations, decimals, upper case and spaces', () => {
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('1h 30m')).toBe(5400);
    expect(parseDuration('1.5h')).toBe(5400);
    expect(parseDuration(' 15M ')).toBe(900);
  });

  it('refuses a bare number, naming the units', () => {
    expect(() => parseDuration('15')).toThrow(/needs a unit: s, m, h or d/);
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'm', '15x', '15 minutes', '-5m', '5m!', 'h1', '0.5s']) {
      expect(() => parseDuration(bad), bad).toThrow();
    }
  });

  it('writes the shortest form back', () => {
    expect(formatDuration(900)).toBe('15m');
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(86_400)).toBe('1d');
    expect(formatDuration(90)).toBe('1m30s');
    expect(formatDuration(0)).toBe('0s');
  });

  it('round-trips', () => {
    for (const seconds of [60, 61, 3599, 3600, 86_399, 604_800]) expect(parseDuration(formatDuration(seconds))).toBe(seconds);
  });
});
