import { createHash } from 'node:crypto';
import type { FetchResult, FetchState, ItemDemand, TaskError } from '../../tasks';
import type { ServiceImplementation, TaskContext } from '../service';
import { hostOfUrl } from '../http-url';
import { request } from '../../http/request';
import type { HttpResponse } from '../../http/request';
import { toTaskError } from '../../http/http-failure';
import { retryAfterMs } from '../../http/retry-after';
import { rssProviderParams } from './definition';
import { decodeFeedBody } from './decode-feed-body';
import { parseFeedDocument } from './parse-feed-document';
import { normaliseFeed } from './normalise-feed';

// The feed provider (services.md P1): one conditional GET, the status codes mapped to what the
// scheduler should do, then decode → parse → normalise. Validators are opaque tokens sent back
// verbatim (an ETag keeps its quotes and W/ prefix); a made-up If-Modified-Since never gets a 304.

const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7, */*;q=0.5';

function failure(kind: TaskError['kind'], message: string, host: string, extra: Partial<TaskError> = {}): TaskError {
  return { kind, message, host, permanent: false, ...extra };
}

function statusLine(response: HttpResponse): string {
  return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

/** What a non-success status means for this feed, or null for a 2xx. */
function statusError(response: HttpResponse, host: string): TaskError | null {
  const { status } = response;
  if (status >= 200 && status < 300) return null;
  const line = `${statusLine(response)} from ${host}`;
  if (status === 410) return failure('gone', `${line}: the feed was removed`, host, { status, permanent: true });
  if (status === 401 || status === 403) return failure('unauthorized', `${line}: the feed needs credentials or refuses us`, host, { status, permanent: true });
  if (status === 429 || status === 503) {
    const wait = retryAfterMs({ headers: response.headers, body: response.body, status });
    const error = failure('rate-limited', wait === undefined ? line : `${line} (retry in ${Math.ceil(wait / 1000)} s)`, host, { status });
    if (wait !== undefined) error.retryAfterMs = wait;
    return error;
  }
  if (status >= 300 && status < 400) return failure('http', `${line} without a usable Location`, host, { status });
  return failure('http', line, host, { status });
}

function bodyDigest(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/** The validators and fingerprint of a 200, replacing the old ones (a server that stops sending an ETag gets none back). */
function nextState(previous: FetchState, response: HttpResponse, movedTo: string | undefined): FetchState {
  const state: FetchState = {};
  const url = movedTo ?? previous.url;
  if (url) state.url = url;
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  if (etag) state.etag = etag;
  if (lastModified) state.lastModified = lastModified;
  state.cursor = bodyDigest(response.body);
  return state;
}

async function fetchFeed(ctx: TaskContext, call: { params: Record<string, unknown>; state: FetchState; demand?: ItemDemand }): Promise<FetchResult> {
  const params = rssProviderParams.safeParse(call.params);
  if (!params.success) {
    return { ok: false, error: { kind: 'config', message: `Invalid feed parameters: ${params.error.issues[0]?.message ?? 'bad value'}`, permanent: true } };
  }
  const url = call.state.url ?? params.data.url;
  const host = hostOfUrl(url) ?? '';
  const headers: Record<string, string> = { accept: ACCEPT };
  if (call.state.etag) headers['if-none-match'] = call.state.etag;
  if (call.state.lastModified) headers['if-modified-since'] = call.state.lastModified;

  let response: HttpResponse;
  try {
    response = await request(ctx, { url, headers, origin: 'user' });
  } catch (error) {
    return { ok: false, error: toTaskError(error, host), state: call.state };
  }

  const movedTo = response.permanentlyMovedTo ?? undefined;
  const hint = retryAfterMs({ headers: response.headers, status: response.status });
  const polite = hint === undefined ? {} : { retryAfterMs: hint };
  const moved = movedTo ? { movedTo } : {};

  if (response.status === 304) {
    const state: FetchState = { ...call.state, ...(movedTo ? { url: movedTo } : {}) };
    // A 304 may carry a fresh ETag (RFC 9110 §15.4.5): keep the newest token.
    const etag = response.headers.get('etag');
    if (etag) state.etag = etag;
    return { ok: true, status: 'unchanged', items: [], state, host, ...moved, ...polite };
  }

  const error = statusError(response, host);
  if (error) return { ok: false, error, state: movedTo ? { ...call.state, url: movedTo } : call.state };

  const state = nextState(call.state, response, movedTo);
  if (call.state.cursor && call.state.cursor === state.cursor) {
    return { ok: true, status: 'unchanged', items: [], state, host, ...moved, ...polite };
  }

  const contentType = response.headers.get('content-type');
  const parsed = parseFeedDocument(decodeFeedBody(response.body, contentType).text, contentType);
  if (!parsed.ok) return { ok: false, error: failure('parse', `${parsed.message} from ${host}`, host, { status: response.status }), state: call.state };

  // Without a demand (the editor's preview) every item comes back in full, newest first.
  const feed = normaliseFeed(parsed.parsed, response.url, { demand: call.demand ?? { known: [], full: null } });
  const result: FetchResult = { ok: true, status: 'changed', items: feed.items, state, host, ...moved, ...polite };
  if (feed.seen.length > 0) result.seen = feed.seen;
  if (feed.title) result.sourceTitle = feed.title;
  return result;
}

export const rssProvider: ServiceImplementation = {
  id: 'rss',
  fetch: (ctx, call) => fetchFeed(ctx, call),
};
