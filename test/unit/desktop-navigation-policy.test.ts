import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, originOf, trustedOrigins } from '../../src/main/desktop/app-origin';
import {
  externalUrl,
  isAllowedNavigation,
  isSafeExternal,
  MAX_EXTERNAL_URL_LENGTH,
  navigationDecision,
  windowOpenDecision,
} from '../../src/main/desktop/navigation-policy';

const production = trustedOrigins(undefined);
const development = trustedOrigins('http://localhost:5173/');

describe('links handed to the operating system (isSafeExternal / externalUrl)', () => {
  it.each([
    ['https://example.org/post/1', 'https://example.org/post/1'],
    ['http://example.org', 'http://example.org/'],
    ['HTTPS://EXAMPLE.ORG/A?b=c#d', 'https://example.org/A?b=c#d'],
    ['https://example.org/a path', 'https://example.org/a%20path'],
    ['https://xn--bcher-kva.example/', 'https://xn--bcher-kva.example/'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
    ['https://192.168.1.10:8080/feed', 'https://192.168.1.10:8080/feed'],
  ])('%s opens as %s', (raw, normalised) => {
    expect(externalUrl(raw)).toBe(normalised);
    expect(isSafeExternal(raw)).toBe(true);
  });

  // Each of these is refused: a scheme that runs code or reaches the file system or the network
  // shares, text that parses differently from how it reads, or something that is no URL at all.
  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: upper case', 'JavaScript:alert(document.cookie)'],
    ['javascript: with a tab inside', 'java\tscript:alert(1)'],
    ['javascript: with a newline inside', 'java\nscript:alert(1)'],
    ['javascript: behind leading spaces', '  javascript:alert(1)'],
    ['javascript: behind a NUL', '\u0000javascript:alert(1)'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['file: absolute', 'file:///etc/passwd'],
    ['file: Windows drive', 'file:///C:/Windows/System32/calc.exe'],
    ['file: UNC', 'file://server/share/evil.exe'],
    ['bare UNC path', '\\\\server\\share\\evil.exe'],
    ['bare Windows path', 'C:\\Windows\\System32\\calc.exe'],
    ['data: HTML', 'data:text/html,<script>alert(1)</script>'],
    ['data: base64', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['smb:', 'smb://attacker.example/share'],
    ['ms-msdt: (Follina)', 'ms-msdt:/id PCWDiagnostic /skip force'],
    ['search-ms:', 'search-ms:query=evil&crumb=location:\\\\attacker\\share'],
    ['ftp:', 'ftp://example.org/file'],
    ['mailto:', 'mailto:someone@example.org'],
    ['custom app scheme', 'vscode://file/etc/passwd'],
    ['our own app scheme', `${APP_ORIGIN}/index.html`],
    ['userinfo that reads as a host', 'https://bank.example@evil.example/login'],
    ['user and password', 'https://user:secret@example.org/'],
    ['empty userinfo marker', 'https://@example.org/'],
    ['control character in the host', 'https://exa\u0000mple.org/'],
    ['carriage return inside', 'https://example.org/\r\nSet-Cookie: x'],
    ['DEL character', 'https://example.org/\u007f'],
    ['C1 control', 'https://example.org/\u0085'],
    ['right-to-left override', 'https://example.org/\u202egnp.exe'],
    ['left-to-right mark', 'https://\u200eexample.org/'],
    ['trailing space', 'https://example.org/ '],
    ['no host', 'http:///path'],
    ['backslashes for slashes', 'https:\\\\evil.example/'],
    ['missing slashes', 'http:evil.example/'],
    ['relative path', '/relative/path'],
    ['protocol-relative', '//example.org/path'],
    ['empty string', ''],
    ['too long', `https://example.org/${'a'.repeat(MAX_EXTERNAL_URL_LENGTH)}`],
  ])('refuses %s', (_name, raw) => {
    expect(externalUrl(raw)).toBeNull();
    expect(isSafeExternal(raw)).toBe(false);
  });

  it.each([null, undefined, 42, {}, ['https://example.org'], new URL('https://example.org')])('refuses a non-string (%s)', (value) => {
    expect(isSafeExternal(value)).toBe(false);
  });
});

describe('navigation inside the window (isAllowedNavigation)', () => {
  it('allows only the app origin in production', () => {
    expect(isAllowedNavigation(APP_ENTRY_URL, production)).toBe(true);
    expect(isAllowedNavigation(`${APP_ORIGIN}/assets/index.js`, production)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/', production)).toBe(false);
    expect(isAllowedNavigation('https://example.org/', production)).toBe(false);
    expect(isAllowedNavigation('app://other-host/index.html', production)).toBe(false);
    expect(isAllowedNavigation('file:///work/out/renderer/index.html', production)).toBe(false);
    expect(isAllowedNavigation('about:blank', production)).toBe(false);
    expect(isAllowedNavigation('not a url', production)).toBe(false);
    expect(isAllowedNavigation(`${APP_ORIGIN}/\u202eindex.html`, production)).toBe(false);
  });

  it('adds the loopback Vite server in development, and nothing else', () => {
    expect(isAllowedNavigation('http://localhost:5173/', development)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', development)).toBe(false);
    expect(trustedOrigins('http://evil.example:5173/').origins).toEqual([APP_ORIGIN]);
    expect(trustedOrigins('https://localhost:5173/').origins).toEqual([APP_ORIGIN]);
    expect(trustedOrigins('not a url').origins).toEqual([APP_ORIGIN]);
  });

  it('computes the origin of app: URLs, which WHATWG URL leaves opaque', () => {
    expect(new URL(APP_ENTRY_URL).origin).toBe('null');
    expect(originOf(APP_ENTRY_URL)).toBe(APP_ORIGIN);
    expect(originOf('https://example.org:8443/x')).toBe('https://example.org:8443');
    expect(originOf('data:text/html,x')).toBeNull();
    expect(originOf('app:///no-host')).toBeNull();
  });
});

describe('navigation and new-window decisions', () => {
  it('keeps own pages in the window', () => {
    expect(navigationDecision(APP_ENTRY_URL, production)).toEqual({ allowInWindow: true, openExternally: null });
  });

  it('sends http(s) links to the browser instead of navigating', () => {
    expect(navigationDecision('https://example.org/post', production)).toEqual({ allowInWindow: false, openExternally: 'https://example.org/post' });
  });

  it('drops anything else', () => {
    expect(navigationDecision('file:///etc/passwd', production)).toEqual({ allowInWindow: false, openExternally: null });
    expect(navigationDecision('javascript:alert(1)', production)).toEqual({ allowInWindow: false, openExternally: null });
  });

  it('never opens a new Electron window, not even for our own pages', () => {
    expect(windowOpenDecision(APP_ENTRY_URL)).toEqual({ allowInWindow: false, openExternally: null });
    expect(windowOpenDecision('https://example.org/')).toEqual({ allowInWindow: false, openExternally: 'https://example.org/' });
    expect(windowOpenDecision('smb://host/share')).toEqual({ allowInWindow: false, openExternally: null });
  });
});
