/**
 * The URL as a string when it parses and is http: or https:, else null. Links from feeds are
 * untrusted: `javascript:`, `data:` and friends must never become an href.
 */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
