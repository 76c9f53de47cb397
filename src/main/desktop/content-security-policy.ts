import { productionCsp } from '../../shared/content-security-policy';

// The Content-Security-Policy sent with every response of the window's own pages (the shared
// production policy; the desktop window talks to the engine over IPC, so it needs no connect-src).
export const PRODUCTION_CSP = productionCsp({ connectSelf: false });

/**
 * Development only (the Vite dev server): React Refresh injects an inline preamble script, Vite
 * injects `<style>` tags and talks to its server over a WebSocket. Never used by a packaged app.
 */
export function developmentCsp(devOrigin: string): string {
  const socket = devOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${socket}`,
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export type ResponseHeaders = Record<string, string[] | string>;

/** The headers with our policy in place of any the response carried (names are case-insensitive). */
export function withContentSecurityPolicy(headers: ResponseHeaders | undefined, policy: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') continue;
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}
