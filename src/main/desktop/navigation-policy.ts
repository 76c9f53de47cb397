import { originOf, type TrustedOrigins } from './app-origin';

// Two decisions about URLs, kept pure so they are tested without Electron:
// - may the window navigate to this URL? Only to its own pages (reload, the entry page).
// - may this URL be handed to the operating system (`shell.openExternal`)? Only plain http(s)
//   links, checked after parsing, because openExternal with `file:`, `smb:` or a custom scheme can
//   run code or leak credentials on the user's machine (Electron security checklist #15).

/** Longest link we pass on; Windows' ShellExecute refuses much beyond 2k anyway. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

// C0 controls, DEL, C1 controls, and the bidirectional overrides that make a link read as
// something it is not. `new URL()` silently strips or encodes some of these, so check the raw text.
// eslint-disable-next-line no-control-regex
const SUSPICIOUS_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Whether the window may navigate to `url`: only to a page of a trusted origin. */
export function isAllowedNavigation(url: string, trusted: TrustedOrigins): boolean {
  if (SUSPICIOUS_CHARACTERS.test(url)) return false;
  const origin = originOf(url);
  return origin !== null && trusted.origins.includes(origin);
}

/**
 * The normalised form of a link that is safe to open in the user's browser, or null: a string,
 * no control or bidi characters, `http:` or `https:` after parsing, a host, no user name or
 * password (`https://bank.example@evil.example` reads as the bank), and not too long.
 */
export function externalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  if (raw.length === 0 || raw.length > MAX_EXTERNAL_URL_LENGTH) return null;
  if (raw !== raw.trim() || SUSPICIOUS_CHARACTERS.test(raw)) return null;
  // The text must read as what it is: "scheme://host…" with a host and no "@" or backslash in the
  // authority. The URL parser forgives "http:///host", "https:\\host" and "https://@host".
  const authority = /^https?:\/\/([^/?#]*)/i.exec(raw)?.[1];
  if (!authority || /[@\\]/.test(authority)) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.href.length > MAX_EXTERNAL_URL_LENGTH) return null;
  return parsed.href;
}

export function isSafeExternal(raw: unknown): raw is string {
  return externalUrl(raw) !== null;
}

/** What to do when the page tries to navigate or open a window. */
export interface LinkDecision {
  /** Only navigation inside our own pages stays in the window. */
  allowInWindow: boolean;
  /** A link to hand to the user's browser instead, or null to drop it. */
  openExternally: string | null;
}

/** `will-navigate` / `will-redirect`: our own pages stay, http(s) links go to the browser, the rest is dropped. */
export function navigationDecision(url: string, trusted: TrustedOrigins): LinkDecision {
  if (isAllowedNavigation(url, trusted)) return { allowInWindow: true, openExternally: null };
  return { allowInWindow: false, openExternally: externalUrl(url) };
}

/** `setWindowOpenHandler`: never a new Electron window; http(s) links go to the browser. */
export function windowOpenDecision(url: string): LinkDecision {
  return { allowInWindow: false, openExternally: externalUrl(url) };
}
