// Notes folders are synced between machines (Obsidian Sync, Syncthing, Dropbox), so every name we
// create must be valid on Windows too, whatever system writes it: no reserved characters or
// controls, no trailing dots or spaces (Windows strips them, so two names collide), and none of the
// device names Windows reserves with any extension (CON, NUL, COM1.txt…).

// eslint-disable-next-line no-control-regex -- matching controls is the point
const RESERVED_CHARACTERS = /[<>:"/\\|?*\u0000-\u001F]/g;
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\.|$)/i;

/** One path segment (a folder or file name) valid on Windows, Linux and macOS. */
export function windowsSafeSegment(name: string): string {
  const cleaned = name.normalize('NFC').replace(RESERVED_CHARACTERS, '_').replace(/[. ]+$/, '');
  if (cleaned === '') return '_';
  const reserved = RESERVED_NAMES.exec(cleaned);
  if (reserved) {
    const base = reserved[1] ?? '';
    return `${cleaned.slice(0, base.length)}_${cleaned.slice(base.length)}`;
  }
  return cleaned;
}
