import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { STATUS_CODES, request as httpRequest } from 'node:http';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TaskContext } from '../services/service';
import { HttpFailure } from './http-failure';
import { classifierWithPublic, classifyHostname } from './address-class';
import type { AddressClassifier } from './address-class';
import { BodyTooLarge, UnsupportedEncoding, readCappedBody } from './read-capped-body';
import { withDeadline } from './deadline';
import { agentFor } from './connection-pool';

// The one HTTP client of every adapter, inside worker threads. Built on node:http rather than
// fetch because fetch offers no hook on the address it connects to (needed against SSRF through
// DNS names) and no practical deadline on a dripping body. One deadline covers every hop, the
// headers and the body. HTTP status codes never throw: callers decide what a 404 means to them.
// Connections are kept alive (connection-pool.ts); a request that finds its reused connection
// closed by the server is sent once more on a new one, as browsers do.

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /**
   * 'user' (default): a URL the user typed, which may be on the LAN or loopback.
   * 'content': a URL found in fetched content, held to the same rule as a redirect hop.
   */
  origin?: 'user' | 'content';
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** The final URL, after redirects. */
  url: string;
  headers: Headers;
  /** Decompressed, at most `maxBodyBytes`. */
  body: Buffer;
  redirects: Array<{ status: number; from: string; to: string }>;
  /** Set when every hop was 301/308: where the resource lives now. */
  permanentlyMovedTo: string | null;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PERMANENT_REDIRECTS = new Set([301, 308]);
/** Dropped when a redirect leaves the origin, as fetch does: a feed host must not learn our tokens. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** A DNS answer that points a restricted hop at a private address. */
class BlockedAddress extends Error {
  constructor(readonly address: string) {
    super(`blocked address ${address}`);
    this.name = 'BlockedAddress';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that refuses private answers: checks the address actually connected, so DNS rebinding gets no second chance. */
function guardedLookup(classify: AddressClassifier) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true } as { all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const blocked = addresses.find((entry) => classify(entry.address) === 'private');
      if (blocked) return callback(new BlockedAddress(blocked.address), []);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      if (options.all) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HttpFailure('config', `Not a valid URL: ${raw.slice(0, 200)}`, { host: '', permanent: true });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpFailure('config', `Only http: and https: URLs can be fetched, not ${url.protocol}`, { host: url.host, permanent: true });
  }
  return url;
}

function outgoingHeaders(ctx: TaskContext, req: HttpRequest, body: Buffer | null): Record<string, string> {
  const headers: Record<string, string> = { accept: '*/*', 'accept-encoding': 'gzip, deflate, br' };
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    const key = name.toLowerCase();
    // Our identity and the framing are ours to set, whatever a caller passes.
    if (key === 'user-agent' || key === 'host' || key === 'content-length' || key === 'transfer-encoding' || key === 'connection') continue;
    headers[key] = value;
  }
  headers['user-agent'] = ctx.http.userAgent;
  if (body) headers['content-length'] = String(body.length);
  return headers;
}

function responseHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    try {
      headers.append(raw[index] ?? '', raw[index + 1] ?? '');
    } catch {
      // A header name or value the Headers class refuses: skip it rather than fail the request.
    }
  }
  return headers;
}

interface Hop {
  message: IncomingMessage;
  remoteAddress: string;
}

/** The server closed a kept-alive connection just as we reused it: nothing reached it. */
class StaleConnection extends Error {
  constructor(readonly original: unknown) {
    super('reused connection was closed by the server');
    this.name = 'StaleConnection';
  }
}

const STALE_CODES = new Set(['ECONNRESET', 'EPIPE']);

interface Restriction {
  classify: AddressClassifier;
  /** Names the address rule, so connections checked under one rule are reused only under it. */
  rule: string;
}

function sendOnce(url: URL, method: string, headers: Record<string, string>, body: Buffer | null, restriction: Restriction | null, signal: AbortSignal, fresh = false): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const options: RequestOptions = { method, headers, signal, agent: fresh ? false : agentFor(url.protocol, restriction?.rule ?? null) };
    if (restriction) options.lookup = guardedLookup(restriction.classify);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(url, options, (message) => {
      resolve({ message, remoteAddress: (message.socket?.remoteAddress ?? '').replace(/^::ffff:/, '') });
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      reject(outgoing.reusedSocket && STALE_CODES.has(error.code ?? '') ? new StaleConnection(error) : error);
    });
    outgoing.end(body ?? undefined);
  });
}

async function send(url: URL, method: string, headers: Record<string, string>, body: Buffer | null, restriction: Restriction | null, signal: AbortSignal): Promise<Hop> {
  try {
    return await sendOnce(url, method, headers, body, restriction, signal);
  } catch (error) {
    if (!(error instanceof StaleConnection)) throw error;
    // As browsers do, once, on a new connection: the server closed the idle one as we sent, so the
    // request almost surely never reached it (and a POST carries its idempotency key anyway).
    return sendOnce(url, method, headers, body, restriction, signal, true);
  }
}

function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MiB` : `${bytes} bytes`;
}

function transportFailure(error: unknown, hopHost: string, host: string, ctx: TaskContext, signal: AbortSignal, maxBytes: number): HttpFailure {
  if (error instanceof HttpFailure) return error;
  // Aborted by its own deadline or by the caller's (both a TimeoutError), or cancelled by the caller.
  if (signal.aborted && (signal.reason as Error | undefined)?.name === 'TimeoutError') {
    return new HttpFailure('timeout', `Timed out after ${ctx.http.timeoutMs} ms waiting for ${hopHost}`, { host, cause: error });
  }
  if (signal.aborted) return new HttpFailure('network', `Request to ${hopHost} was cancelled`, { host, cause: error });
  if (error instanceof BlockedAddress) {
    return new HttpFailure('network', `Refused to connect to ${hopHost}: it resolves to a private or loopback address (${error.address})`, { host, cause: error });
  }
  if (error instanceof BodyTooLarge) {
    const measured = error.declared ? `Content-Length ${error.bytesDecoded}` : `stopped after ${error.bytesDecoded} bytes`;
    return new HttpFailure('too-large', `Response from ${hopHost} is larger than the ${describeBytes(maxBytes)} cap (${measured})`, { host, cause: error });
  }
  if (error instanceof UnsupportedEncoding) {
    return new HttpFailure('http', `Response from ${hopHost} uses an unsupported Content-Encoding "${error.encoding}"`, { host, cause: error });
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new HttpFailure('network', `Cannot resolve ${hopHost}`, { host, cause: error });
  if (code === 'ECONNREFUSED') return new HttpFailure('network', `Connection refused by ${hopHost}`, { host, cause: error });
  if (code === 'ECONNRESET' || code === 'EPIPE') return new HttpFailure('network', `Connection reset by ${hopHost}`, { host, cause: error });
  if (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code.startsWith('ERR__ERROR_FORMAT')) {
    return new HttpFailure('network', `Corrupt compressed body from ${hopHost}: ${detail}`, { host, cause: error });
  }
  if (code.includes('CERT') || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    return new HttpFailure('network', `TLS error with ${hopHost}: ${detail}`, { host, cause: error });
  }
  return new HttpFailure('network', `Network error with ${hopHost}: ${detail}`, { host, cause: error });
}

export function request(ctx: TaskContext, req: HttpRequest): Promise<HttpResponse> {
  // The caller's deadline (a delivery's, a fetch task's) usually comes first: a second one would
  // never fire, and would cost a controller, a timer and a listener per request.
  if (ctx.deadlineAt !== undefined && ctx.deadlineAt <= Date.now() + ctx.http.timeoutMs) return requestWithin(ctx, req, ctx.signal);
  return withDeadline(ctx.http.timeoutMs, (signal) => requestWithin(ctx, req, signal), ctx.signal);
}

/** The request body as bytes, without copying bytes the caller already has. */
function bodyBytes(body: string | Uint8Array | undefined): Buffer | null {
  if (body === undefined) return null;
  return typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** `signal` (the request's deadline, following the caller's signal) covers every hop, the headers and the body. */
async function requestWithin(ctx: TaskContext, req: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
  const start = parseHttpUrl(req.url);
  const host = start.host.toLowerCase();
  const classify = classifierWithPublic(ctx.http.publicAddresses);
  const rule = (ctx.http.publicAddresses ?? []).join(',');
  const fromContent = req.origin === 'content';

  let url = start;
  let method: string = req.method ?? 'GET';
  let body = bodyBytes(req.body);
  let headers = outgoingHeaders(ctx, req, body);
  const redirects: HttpResponse['redirects'] = [];
  // A user-typed URL on loopback or the LAN may redirect within the LAN (a local server moving a
  // path); a public origin may not bring us there.
  let localOrigin = false;

  for (;;) {
    const restricted = (fromContent || redirects.length > 0) && !localOrigin;
    const hopHost = url.host.toLowerCase();
    try {
      if (restricted && classifyHostname(url.hostname, classify) === 'private') {
        const why = redirects.length > 0 ? 'a redirect' : 'a URL from feed content';
        throw new HttpFailure('network', `Refused to connect to ${hopHost}: ${why} may not reach a private or loopback address`, { host });
      }
      const hop = await send(url, method, headers, body, restricted ? { classify, rule } : null, signal);
      const { message } = hop;
      const status = message.statusCode ?? 0;
      const location = message.headers.location;
      if (REDIRECT_STATUSES.has(status) && location) {
        message.destroy(); // the redirect's own body is never read
        // Where the user-typed URL led decides where its redirects may go (only asked when one comes).
        if (redirects.length === 0 && !fromContent) localOrigin = classify(hop.remoteAddress) === 'private';
        if (redirects.length >= ctx.http.maxRedirects) {
          throw new HttpFailure('http', `Too many redirects (more than ${ctx.http.maxRedirects}) starting at ${host}`, { host, status });
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new HttpFailure('http', `Invalid redirect location from ${hopHost}`, { host, status });
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new HttpFailure('http', `Refused a redirect to a ${next.protocol} URL from ${hopHost}`, { host, status });
        }
        redirects.push({ status, from: url.href, to: next.href });
        // As browsers do: 303, and 301/302 after a POST, continue as a GET without the body.
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          if (method !== 'GET') {
            method = 'GET';
            body = null;
            const { 'content-type': _type, 'content-length': _length, ...rest } = headers;
            headers = rest;
          }
        }
        if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name)));
        url = next;
        continue;
      }
      const declared = Number(message.headers['content-length']);
      const encoding = message.headers['content-encoding'];
      if (!encoding && Number.isFinite(declared) && declared > ctx.http.maxBodyBytes) {
        message.destroy();
        throw new BodyTooLarge(declared, true);
      }
      const responseBody = await readCappedBody(message, encoding, ctx.http.maxBodyBytes, signal);
      return {
        status,
        statusText: message.statusMessage || STATUS_CODES[status] || '',
        url: url.href,
        headers: responseHeaders(message),
        body: responseBody,
        redirects,
        permanentlyMovedTo: redirects.length > 0 && redirects.every((hop) => PERMANENT_REDIRECTS.has(hop.status)) ? url.href : null,
      };
    } catch (error) {
      throw transportFailure(error, hopHost, host, ctx, signal, ctx.http.maxBodyBytes);
    }
  }
}
