// The window's Content-Security-Policy, one source for both hosts: the desktop app sends it with
// every response of its app:// pages, `trigger-happy serve` with every HTTP response. It is the
// second wall behind rendering untrusted text as text: in the Chromium test of reliability.md §2,
// raw innerHTML ran 17 of 34 XSS payloads and 0 once this policy was on.

/**
 * reliability.md §2 word for word, plus frame-ancestors (which only works as a header) and, when
 * the page talks back to its own origin over HTTP (serve), `connect-src 'self'`.
 */
export function productionCsp(options: { connectSelf: boolean }): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    ...(options.connectSelf ? ["connect-src 'self'"] : []),
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
