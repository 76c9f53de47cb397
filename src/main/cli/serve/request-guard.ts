import { timingSafeEqual } from 'node:crypto';
import { hostname as machineHostname } from 'node:os';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

// Who may talk to `serve`: only a client that presents the random token (once in the printed URL,
// then as an HttpOnly SameSite=Strict cookie, or as a bearer header for scripts), on a request whose
// Host names the bound address (DNS rebinding), and, for API calls, with a custom header a
// cross-site form or <img> cannot add. No CORS headers are ever sent, so other origins cannot read.

export const API_HEADER = 'x-trigger-happy';

export interface GuardConfig {
  token: string;
  /** The address the server is bound to (127.0.0.1, ::1, 0.0.0.0, a LAN address…). */
  boundHost: string;
  port: number;
}

export type GuardVerdict =
  | { kind: 'allow' }
  /** `/?token=…` with the right token: set the cookie and redirect to a clean URL. */
  | { kind: 'login'; location: string }
  | { kind: 'refuse'; status: 401 | 403 | 421; reason: string };

export function cookieName(port: number): string {
  // Cookies are not isolated by port, so two servers on one host must not share a name.
  return `th_session_${port}`;
}

export function sessionCookie(config: GuardConfig): string {
  return `${cookieName(config.port)}=${config.token}; HttpOnly; SameSite=Strict; Path=/`;
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Splits a Host header into a lower-case hostname (IPv6 without brackets) and a port. */
export function parseHostHeader(value: string | undefined): { hostname: string; port: number | null } | null {
  if (!value) return null;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match) return null;
  const rawHost = match[1] ?? '';
  const hostname = (rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost).toLowerCase();
  return { hostname, port: match[2] === undefined ? null : Number(match[2]) };
}

/**
 * A Host is acceptable when its port is ours and its name cannot have been handed out by an
 * attacker's DNS: the bound address itself, a loopback name when bound to loopback, and, when bound
 * to every interface, any IP literal or this machine's own name.
 */
export function hostAllowed(value: string | undefined, config: GuardConfig): boolean {
  const parsed = parseHostHeader(value);
  // No port in Host means the scheme's default; we only ever speak plain HTTP.
  if (!parsed || (parsed.port ?? 80) !== config.port) return false;
  const { hostname } = parsed;
  const bound = config.boundHost.toLowerCase();
  if (hostname === bound) return true;
  if (isLoopback(bound) && isLoopback(hostname)) return true;
  if (isWildcard(bound)) {
    if (isIP(hostname) !== 0 || hostname === 'localhost') return true;
    const own = machineHostname().toLowerCase();
    return hostname === own || hostname === `${own}.local`;
  }
  return false;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

function bearer(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

export function judgeRequest(req: IncomingMessage, config: GuardConfig): GuardVerdict {
  if (!hostAllowed(req.headers.host, config)) {
    return { kind: 'refuse', status: 421, reason: 'This server does not answer for that host name.' };
  }
  const url = new URL(req.url ?? '/', 'http://serve.invalid');
  const authenticated =
    sameSecret(readCookie(req.headers.cookie, cookieName(config.port)), config.token) ||
    sameSecret(bearer(req.headers.authorization), config.token);

  if (url.searchParams.has('token')) {
    if (req.method === 'GET' && url.pathname === '/' && sameSecret(url.searchParams.get('token') ?? undefined, config.token)) {
      return { kind: 'login', location: '/' };
    }
    return { kind: 'refuse', status: 403, reason: 'Wrong token.' };
  }
  if (!authenticated) {
    return { kind: 'refuse', status: 401, reason: 'Open the address printed by `trigger-happy serve` (it carries the token).' };
  }
  if (url.pathname.startsWith('/api/')) {
    // A cross-site page can make the browser send our cookie only on a top-level GET (SameSite=Strict
    // stops the rest); the custom header rules out forms and simple requests altogether, and the
    // Fetch Metadata and Origin checks refuse anything a browser marks as coming from elsewhere.
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return { kind: 'refuse', status: 403, reason: 'Cross-site requests are refused.' };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== 'null' && !hostAllowed(originHost(origin), config)) {
      return { kind: 'refuse', status: 403, reason: 'Cross-origin requests are refused.' };
    }
    if (origin === 'null') return { kind: 'refuse', status: 403, reason: 'Opaque origins are refused.' };
    const isEventStream = req.method === 'GET' && url.pathname === '/api/events';
    if (!isEventStream && req.headers[API_HEADER] !== '1') {
      return { kind: 'refuse', status: 403, reason: `API calls need the ${API_HEADER} header.` };
    }
  }
  return { kind: 'allow' };
}

function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  } catch {
    return undefined;
  }
}
