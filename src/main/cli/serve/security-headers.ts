import type { ServerResponse } from 'node:http';
import { productionCsp } from '../../../shared/content-security-policy';

// The production CSP plus `connect-src 'self'` (the HTTP transport and the event stream talk back
// to the serving origin). Every response carries these headers, errors included.
export const SERVE_CSP = productionCsp({ connectSelf: true });

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', SERVE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
}

/** A small plain-text answer for refusals; never echoes the request back. */
export function sendText(res: ServerResponse, status: number, text: string, extraHeaders: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extraHeaders });
  res.end(text);
}
