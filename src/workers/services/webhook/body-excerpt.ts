// A receiver's error body goes into the activity log and a notification, so it is untrusted text:
// decoded leniently, controls and invisible formatting (bidi overrides included) removed,
// whitespace collapsed, and cut to a short length on a code point boundary.

export const MAX_EXCERPT_LENGTH = 200;

export function bodyExcerpt(body: Uint8Array, maxLength: number = MAX_EXCERPT_LENGTH): string {
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(body.subarray(0, maxLength * 4 + 4))
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const codePoints = Array.from(text);
  return codePoints.length <= maxLength ? text : `${codePoints.slice(0, maxLength - 1).join('').trimEnd()}…`;
}
