// Where the window's own pages come from. In production the renderer is served from a custom
// `app://` scheme (Electron's checklist #18: a custom protocol instead of `file://`, so the page
// has a real origin, a CSP header can be attached to every response and no file on disk other than
// the built renderer is reachable). In development electron-vite serves it over http from Vite.

export const APP_SCHEME = 'app';
export const APP_HOST = 'trigger-happy';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The origins whose pages may call the bridge and be navigated to inside the window. */
export interface TrustedOrigins {
  readonly origins: readonly string[];
}

/**
 * Production trusts only `app://trigger-happy`; development (electron-vite sets
 * ELECTRON_RENDERER_URL) also trusts the Vite dev server's origin, and only when it is loopback.
 */
export function trustedOrigins(devServerUrl: string | undefined): TrustedOrigins {
  const dev = devServerUrl ? loopbackHttpOrigin(devServerUrl) : null;
  return { origins: dev ? [APP_ORIGIN, dev] : [APP_ORIGIN] };
}

/** The origin of a URL, computed the way the browser does for standard schemes, or null. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  // WHATWG URL gives "null" as the origin of non-special schemes such as app:, so build it.
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host ? `${APP_SCHEME}://${parsed.host}` : null;
  return parsed.origin === 'null' ? null : parsed.origin;
}

function loopbackHttpOrigin(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:') return null;
  const loopback = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1' || parsed.hostname === '[::1]';
  return loopback ? parsed.origin : null;
}
