import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, trustedOrigins } from '../../src/main/desktop/app-origin';
import { developmentCsp, PRODUCTION_CSP } from '../../src/main/desktop/content-security-policy';
import { hardenSession, hardenWebContents, type HardeningOptions } from '../../src/main/desktop/web-contents-hardening';

// The pure policies applied to (fake) Electron objects: what the page can no longer do.

function options(devServer?: string) {
  const opened: string[] = [];
  const logged: string[] = [];
  const value: HardeningOptions = {
    trusted: trustedOrigins(devServer),
    devOrigin: devServer ? new URL(devServer).origin : null,
    openLink: (url) => opened.push(url),
    log: (message) => logged.push(message),
  };
  return { value, opened, logged };
}

class FakeContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  /** Emits a cancellable event the way Electron does; true when the listener prevented it. */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

function hardenedContents(devServer?: string) {
  const contents = new FakeContents();
  const harness = options(devServer);
  hardenWebContents(contents as unknown as WebContents, harness.value);
  return { contents, ...harness };
}

describe('hardenWebContents', () => {
  it('lets the window navigate among its own pages only', () => {
    const { contents, opened } = hardenedContents();
    expect(contents.fire('will-navigate', APP_ENTRY_URL)).toBe(false);
    expect(contents.fire('will-navigate', 'https://example.org/post')).toBe(true);
    expect(contents.fire('will-redirect', 'https://example.org/elsewhere')).toBe(true);
    expect(opened).toEqual(['https://example.org/post', 'https://example.org/elsewhere']);
  });

  it('drops navigations to anything but http(s), saying so', () => {
    const { contents, opened, logged } = hardenedContents();
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-navigate', 'javascript:alert(1)')).toBe(true);
    expect(opened).toEqual([]);
    expect(logged).toHaveLength(2);
  });

  it('denies every new window, handing http(s) links to the browser', () => {
    const { contents, opened } = hardenedContents();
    expect(contents.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'smb://host/share' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.org/']);
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = hardenedContents();
    expect(contents.fire('will-attach-webview', {}, {})).toBe(true);
  });
});

describe('hardenSession', () => {
  type HeadersListener = (
    details: { url: string; responseHeaders?: Record<string, string[]> },
    callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
  ) => void;

  function hardenedSession(devServer?: string) {
    const captured: {
      request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
      check?: (...args: unknown[]) => boolean;
      headers?: HeadersListener;
    } = {};
    const session = {
      setPermissionRequestHandler: (handler: typeof captured.request) => (captured.request = handler),
      setPermissionCheckHandler: (handler: typeof captured.check) => (captured.check = handler),
      webRequest: { onHeadersReceived: (listener: HeadersListener) => (captured.headers = listener) },
    };
    hardenSession(session as unknown as Session, options(devServer).value);
    return captured;
  }

  function headersFor(listener: HeadersListener | undefined, url: string) {
    let result: { responseHeaders?: Record<string, string[]> } | undefined;
    listener?.({ url, responseHeaders: { 'content-type': ['text/html'] } }, (response) => (result = response));
    return result;
  }

  it.each(['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen'])('denies the %s permission', (permission) => {
    const session = hardenedSession();
    let granted: boolean | undefined;
    session.request?.({}, permission, (answer) => (granted = answer));
    expect(granted).toBe(false);
    expect(session.check?.({}, permission, APP_ENTRY_URL, {})).toBe(false);
  });

  it('puts the production CSP on our pages and leaves other responses alone', () => {
    const session = hardenedSession();
    expect(headersFor(session.headers, APP_ENTRY_URL)?.responseHeaders?.['Content-Security-Policy']).toEqual([PRODUCTION_CSP]);
    expect(headersFor(session.headers, 'https://example.org/')).toEqual({});
  });

  it('uses the development policy for the Vite dev server only', () => {
    const session = hardenedSession('http://localhost:5173/');
    expect(headersFor(session.headers, 'http://localhost:5173/src/main.tsx')?.responseHeaders?.['Content-Security-Policy']).toEqual([
      developmentCsp('http://localhost:5173'),
    ]);
    expect(headersFor(session.headers, APP_ENTRY_URL)?.responseHeaders?.['Content-Security-Policy']).toEqual([PRODUCTION_CSP]);
  });
});
