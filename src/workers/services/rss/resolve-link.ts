// Relative links in a feed resolve against xml:base (which itself may be relative to the
// enclosing base) and finally the URL the feed was fetched from. Only http(s) links are kept:
// a `javascript:` or `file:` link from a feed must never reach a consumer or the window.

/** The base for a nested element: its xml:base resolved against the parent's base. */
export function nestedBase(parentBase: string, xmlBase: string | undefined): string {
  if (!xmlBase?.trim()) return parentBase;
  try {
    return new URL(xmlBase.trim(), parentBase).href;
  } catch {
    return parentBase;
  }
}

/** An absolute http(s) URL, or null. */
export function resolveLink(value: string | undefined | null, base: string): string | null {
  const text = value?.trim();
  if (!text) return null;
  try {
    const url = new URL(text, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
