import type { Session, WebContents } from 'electron';
import { originOf, type TrustedOrigins } from './app-origin';
import { developmentCsp, PRODUCTION_CSP, withContentSecurityPolicy } from './content-security-policy';
import { isAllowedNavigation, navigationDecision, windowOpenDecision } from './navigation-policy';

// Applies the pure policies to Electron's objects: every webContents the app ever creates gets
// navigation and new-window limits and no <webview>; the session denies every permission request
// and puts our CSP on the responses of our own pages (the app:// handler sets it too; this covers
// the Vite dev server in development).

export interface HardeningOptions {
  trusted: TrustedOrigins;
  /** The Vite dev server's origin in development, else null. */
  devOrigin: string | null;
  /** Hands a checked http(s) link to the user's browser. */
  openLink(url: string): void;
  log(message: string): void;
}

export function hardenWebContents(contents: WebContents, options: HardeningOptions): void {
  const onNavigate = (event: { preventDefault(): void }, url: string) => {
    const decision = navigationDecision(url, options.trusted);
    if (decision.allowInWindow) return;
    event.preventDefault();
    if (decision.openExternally) options.openLink(decision.openExternally);
    else options.log('blocked a navigation to a non-http(s) URL');
  };
  contents.on('will-navigate', onNavigate);
  contents.on('will-redirect', onNavigate);
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) options.openLink(decision.openExternally);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenSession(session: Session, options: HardeningOptions): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAllowedNavigation(details.url, options.trusted)) {
      callback({});
      return;
    }
    const policy = options.devOrigin && originOf(details.url) === options.devOrigin ? developmentCsp(options.devOrigin) : PRODUCTION_CSP;
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
}
