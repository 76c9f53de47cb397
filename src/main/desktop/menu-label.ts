import { truncateGraphemes } from './notification-text';

// Menu labels and tooltips can carry feed titles: untrusted, possibly long, possibly with control
// characters, and with `&`, which Electron's menus on Windows and Linux read as a mnemonic marker
// ("Tom & Jerry" would show "Tom _Jerry" and steal Alt+J).

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/gu;

/** One line of plain text, at most `max` graphemes. */
export function plainLine(text: string, max: number): string {
  return truncateGraphemes(text.replace(CONTROLS, ' ').replace(/\s{2,}/g, ' ').trim(), max);
}

/** A menu item label: one line, truncated, `&` doubled so it is shown rather than read as a mnemonic. */
export function menuLabel(text: string, max: number): string {
  return plainLine(text, max).replace(/&/g, '&&');
}
