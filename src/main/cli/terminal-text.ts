// Trigger names, titles and error messages come from feeds and remote servers. Printed raw, an
// escape sequence in a title could rewrite the user's terminal, and a line break could forge a log
// line, so readable output passes every such string through here. JSON output does not need it:
// JSON.stringify escapes control characters.

// C0 and C1 controls, DEL, and the bidirectional overrides and isolates ("Trojan Source").
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** One line of untrusted text, safe to print: controls become spaces, runs of spaces collapse. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, ' ').replace(/ {2,}/g, ' ').trim();
}

/** `printable`, then cut to `max` characters with an ellipsis. */
export function printableShort(text: string, max: number): string {
  const line = printable(text);
  const characters = [...line];
  return characters.length <= max ? line : `${characters.slice(0, Math.max(0, max - 1)).join('')}…`;
}
