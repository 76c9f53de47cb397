// Links and images in a note come from untrusted content. Only web and mail links survive, after
// the WHATWG URL parser has normalised them the way a browser would (it strips the tabs, newlines
// and leading controls of obfuscations like "jav&#x09;ascript:"), so what we check is what a
// renderer would follow.

export const LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];
export const IMAGE_SCHEMES: readonly string[] = ['http:', 'https:'];

/** The absolute URL, or null when it does not parse or its scheme is not allowed. */
export function safeUrl(raw: string | null | undefined, base: string | null, schemes: readonly string[]): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = base === null ? new URL(raw) : new URL(raw, base);
  } catch {
    return null;
  }
  return schemes.includes(url.protocol) ? url.href : null;
}

/** The item's own address, when it is a web URL: the base for relative links and the note's `url`. */
export function webPageUrl(raw: string | null | undefined): string | null {
  return safeUrl(raw, null, IMAGE_SCHEMES);
}

/**
 * A URL as a Markdown link destination: anything that could end the destination or the link
 * (spaces, parentheses, angle brackets, quotes, backticks, non-ASCII) percent-encoded. A `mailto:`
 * keeps raw spaces and `<` after parsing, so this is not redundant with URL serialisation.
 */
export function markdownDestination(href: string): string {
  // encodeURIComponent leaves ( ) ! ' * alone, so encode the UTF-8 bytes ourselves.
  return href.replace(/[^A-Za-z0-9\-._~:/?#[\]@!$&'*+,;=%]/gu, (character) =>
    Array.from(new TextEncoder().encode(character), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}
