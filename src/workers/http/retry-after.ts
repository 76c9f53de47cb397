// How long a server asked us to wait, read from whichever of the four shapes it uses
// (services.md §0):
//   1. `Retry-After`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3): Slack, Discord, GitHub
//      secondary limits, feeds.
//   2. A reset time in headers, meaningful when the remaining quota is 0 (or on a 429):
//      `X-RateLimit-Reset` as an ISO date (Mastodon), epoch seconds (GitHub, Raindrop) or seconds
//      left (Reddit); `RateLimit-Reset` as epoch seconds (Bluesky) or seconds left (IETF draft).
//   3. A wait in the body: Discord `retry_after`, Telegram `parameters.retry_after` (seconds).
//   4. Nothing usable (Trello): undefined, and the caller's own back-off applies.

/** A hostile or broken header must not park a trigger for years; the scheduler's back-off cap is 48 h too. */
export const MAX_RETRY_AFTER_MS = 48 * 60 * 60 * 1000;

/** Reset values below this are seconds left; above it they are an epoch time (2001-09-09 in seconds). */
const EPOCH_SECONDS_FLOOR = 1_000_000_000;
const EPOCH_MILLISECONDS_FLOOR = 1_000_000_000_000;

export interface RateLimitSignals {
  /** Fetch `Headers` or a plain record (names in any case). */
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The response body: raw text/bytes (JSON is parsed here) or an already parsed value. */
  body?: unknown;
  status?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: number;
}

function headerOf(headers: RateLimitSignals['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function clamp(ms: number): number {
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_RETRY_AFTER_MS);
}

/** `Retry-After` in either form, as ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return clamp(Number(text) * 1000);
  // An HTTP-date always names a weekday and a month; Date.parse reads IMF-fixdate, RFC 850 and asctime.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  // asctime carries no zone but means GMT; Date.parse would read it as local time.
  const at = Date.parse(/GMT|UTC|[+-]\d{4}$/i.test(text) ? text : `${text} GMT`);
  return Number.isNaN(at) ? undefined : clamp(at - now);
}

/** A reset header (ISO date, epoch seconds or ms, or seconds left) as ms from `now`. */
export function parseResetTime(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const number = Number(text);
    if (number >= EPOCH_MILLISECONDS_FLOOR) return clamp(number - now);
    if (number >= EPOCH_SECONDS_FLOOR) return clamp(number * 1000 - now);
    return clamp(number * 1000);
  }
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : clamp(at - now);
}

function isExhausted(remaining: string | undefined): boolean {
  if (remaining === undefined) return false;
  const number = Number(remaining.trim());
  return Number.isFinite(number) && number < 1; // Reddit sends "0.0"
}

function bodyObject(body: unknown): Record<string, unknown> | undefined {
  let value = body;
  if (typeof value !== 'string' && value instanceof Uint8Array) value = Buffer.from(value).toString('utf8');
  if (typeof value === 'string') {
    if (value.length > 64 * 1024) return undefined;
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Discord `retry_after` or Telegram `parameters.retry_after`, both in seconds. */
export function retryAfterFromBody(body: unknown): number | undefined {
  const object = bodyObject(body);
  if (!object) return undefined;
  const parameters = bodyObject(object.parameters);
  const seconds = object.retry_after ?? parameters?.retry_after;
  const number = typeof seconds === 'string' ? Number(seconds) : seconds;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? clamp(number * 1000) : undefined;
}

/**
 * Milliseconds from now before the host should be called again, or undefined when the response
 * says nothing usable. `Retry-After` wins; a reset time counts only when its quota is used up
 * (remaining 0) or the status is 429; then the body.
 */
export function retryAfterMs(signals: RateLimitSignals): number | undefined {
  const now = signals.now ?? Date.now();
  const header = (name: string) => headerOf(signals.headers, name);

  const retryAfter = parseRetryAfter(header('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;

  for (const prefix of ['x-ratelimit-', 'ratelimit-']) {
    const reset = header(`${prefix}reset`);
    if (reset === undefined) continue;
    const remaining = header(`${prefix}remaining`);
    if (isExhausted(remaining) || (remaining === undefined && signals.status === 429)) {
      const wait = parseResetTime(reset, now);
      if (wait !== undefined) return wait;
    }
  }

  return retryAfterFromBody(signals.body);
}
