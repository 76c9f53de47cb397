import type { HttpResponse } from '../../http/request';
import { retryAfterMs } from '../../http/retry-after';
import type { PublishResult, TaskError } from '../../tasks';
import { bodyExcerpt } from './body-excerpt';

// What a receiver's answer means for the item (services.md C13): 2xx delivered; 408, 429 and 5xx
// worth retrying (429/503 as rate limits, honouring Retry-After); 404/410 mean the endpoint is gone
// and 401/403 that it refuses us, both pausing the trigger; any other 4xx rejects this item for good.

/** 301/302/303 turn a POST into a GET: the receiver never saw the item, whatever status follows. */
const BODY_DROPPING_REDIRECTS = new Set([301, 302, 303]);

function remoteIdOf(body: Buffer): string | undefined {
  if (body.length === 0 || body.length > 64 * 1024) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('id' in parsed)) return undefined;
  const id = parsed.id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id === 'string' && id.trim() !== '') return bodyExcerpt(Buffer.from(id), 200);
  return undefined;
}

function statusLine(response: HttpResponse, host: string): string {
  return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${host}`;
}

function withExcerpt(message: string, body: Buffer): string {
  const excerpt = bodyExcerpt(body);
  return excerpt === '' ? message : `${message}: ${excerpt}`;
}

export function webhookOutcome(response: HttpResponse, host: string, now: number = Date.now()): PublishResult {
  const { status } = response;
  const lost = response.redirects.find((hop) => BODY_DROPPING_REDIRECTS.has(hop.status));
  if (lost !== undefined) {
    const error: TaskError = {
      kind: 'config',
      message: `The webhook URL redirects (HTTP ${lost.status}) to ${lost.to}, which would drop the POST body: use the new URL`,
      status: lost.status,
      host,
      permanent: true,
    };
    return { ok: false, error };
  }
  if (status >= 200 && status < 300) {
    const remoteId = remoteIdOf(response.body);
    return remoteId === undefined ? { ok: true, host } : { ok: true, remoteId, host };
  }

  const error: TaskError = { kind: 'http', message: statusLine(response, host), status, host, permanent: false };
  if (status === 408 || status === 429 || status >= 500) {
    if (status === 429 || status === 503) error.kind = 'rate-limited';
    const wait = retryAfterMs({ headers: response.headers, body: response.body, status, now });
    if (wait !== undefined) error.retryAfterMs = wait;
    error.message = withExcerpt(error.message, response.body);
  } else if (status === 404 || status === 410) {
    error.kind = 'gone';
    error.permanent = true;
  } else if (status === 401 || status === 403) {
    error.kind = 'unauthorized';
    error.permanent = true;
    error.message = withExcerpt(`${error.message} (check the signing secret)`, response.body);
  } else {
    error.permanent = true;
    error.message = withExcerpt(error.message, response.body);
  }
  return { ok: false, error };
}
