import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseResetTime, parseRetryAfter, retryAfterFromBody, retryAfterMs } from '../../src/workers/http/retry-after';

const now = Date.parse('2026-11-02T10:00:00Z');
const epochSeconds = (iso: string) => String(Date.parse(iso) / 1000);

describe('Retry-After (RFC 9110 §10.2.3)', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads the three HTTP-date forms', () => {
    expect(parseRetryAfter('Mon, 02 Nov 2026 10:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Monday, 02-Nov-26 10:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Mon Nov  2 10:01:30 2026', now)).toBe(90_000);
  });

  it('treats a date in the past as "now" and refuses garbage', () => {
    expect(parseRetryAfter('Mon, 02 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('caps absurd waits', () => {
    expect(parseRetryAfter('999999999', now)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('reset times', () => {
  it('reads ISO dates (Mastodon), epoch seconds (GitHub, Bluesky), epoch ms and seconds left (Reddit)', () => {
    expect(parseResetTime('2026-11-02T10:05:00.000Z', now)).toBe(300_000);
    expect(parseResetTime(epochSeconds('2026-11-02T10:02:00Z'), now)).toBe(120_000);
    expect(parseResetTime(String(Date.parse('2026-11-02T10:00:10Z')), now)).toBe(10_000);
    expect(parseResetTime('42', now)).toBe(42_000);
    expect(parseResetTime('nonsense', now)).toBeUndefined();
  });
});

describe('retryAfterMs over the four shapes', () => {
  it('prefers Retry-After', () => {
    const headers = new Headers({ 'Retry-After': '30', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '600' });
    expect(retryAfterMs({ headers, now })).toBe(30_000);
  });

  it('Mastodon: 429, remaining 0, ISO reset, no Retry-After', () => {
    const headers = { 'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '2026-11-02T10:03:00.000Z' };
    expect(retryAfterMs({ headers, status: 429, body: '{"error":"Too many requests"}', now })).toBe(180_000);
  });

  it('GitHub: 403 with x-ratelimit-remaining 0 and an epoch reset', () => {
    const headers = new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': epochSeconds('2026-11-02T10:10:00Z') });
    expect(retryAfterMs({ headers, status: 403, now })).toBe(600_000);
  });

  it('ignores a reset time while quota remains', () => {
    const headers = new Headers({ 'x-ratelimit-remaining': '57', 'x-ratelimit-reset': epochSeconds('2026-11-02T10:10:00Z') });
    expect(retryAfterMs({ headers, status: 200, now })).toBeUndefined();
  });

  it('Bluesky: RateLimit-Reset epoch with RateLimit-Remaining 0', () => {
    const headers = new Headers({ 'RateLimit-Limit': '3000', 'RateLimit-Remaining': '0', 'RateLimit-Reset': epochSeconds('2026-11-02T10:00:45Z') });
    expect(retryAfterMs({ headers, status: 429, now })).toBe(45_000);
  });

  it('Reddit: seconds left with a fractional remaining of 0.0', () => {
    const headers = new Headers({ 'x-ratelimit-remaining': '0.0', 'x-ratelimit-used': '100', 'x-ratelimit-reset': '212' });
    expect(retryAfterMs({ headers, status: 200, now })).toBe(212_000);
  });

  it('a 429 with a reset and no remaining header still waits for the reset', () => {
    expect(retryAfterMs({ headers: { 'x-ratelimit-reset': '15' }, status: 429, now })).toBe(15_000);
  });

  it('Telegram: parameters.retry_after in the body', () => {
    const body = '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}';
    expect(retryAfterMs({ headers: new Headers(), status: 429, body, now })).toBe(35_000);
  });

  it('Discord: fractional retry_after seconds in a parsed or byte body', () => {
    expect(retryAfterFromBody({ message: 'You are being rate limited.', retry_after: 1.337, global: false })).toBe(1337);
    expect(retryAfterFromBody(Buffer.from('{"retry_after": 2}'))).toBe(2000);
  });

  it('Trello: nothing usable', () => {
    expect(retryAfterMs({ headers: new Headers({ 'content-type': 'text/plain' }), status: 429, body: 'API token limit exceeded', now })).toBeUndefined();
    expect(retryAfterFromBody('[1,2]')).toBeUndefined();
    expect(retryAfterFromBody({ retry_after: -3 })).toBeUndefined();
  });
});
