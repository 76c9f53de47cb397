import { createHash } from 'node:crypto';

// A note's file name is `<YYYY-MM-DD>-<slug>-<hash>.md`. The hash comes from the idempotency key
// alone, so it identifies the item even when the date (no published date: "now") or the slug rules
// differ between two attempts; the duplicate check therefore looks for the hash, not the full name.

/** 12 hex digits = 48 bits: a collision is unlikely (about 2e-5) even with 100,000 notes in a folder. */
const HASH_LENGTH = 12;
/** Windows' MAX_PATH is 260 including the drive and the terminating NUL; keep a margin. */
export const MAX_PATH_LENGTH = 250;
const MAX_SLUG_LENGTH = 80;
/** ext4 and most Unix file systems cap a name at 255 bytes, so bound the slug's UTF-8 size too. */
const MAX_SLUG_BYTES = 160;

export function keyHash(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, HASH_LENGTH);
}

/** The note's date: the day the publisher wrote in `published`, else the given (current) time, in UTC. */
export function noteDate(published: string | null, now: Date): string {
  if (published) {
    const written = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(published.trim());
    if (written?.[1] && !Number.isNaN(Date.parse(written[1]))) return written[1];
    const parsed = new Date(published);
    if (!Number.isNaN(parsed.getTime())) return parsed.toISOString().slice(0, 10);
  }
  return now.toISOString().slice(0, 10);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Letters, marks and digits of any script, lower-cased, runs of anything else as one '-'. Cut on a
 * grapheme boundary so no character is split, within `maxLength` UTF-16 units and MAX_SLUG_BYTES.
 */
export function slugify(title: string, maxLength: number = MAX_SLUG_LENGTH): string {
  const slug = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  let cut = '';
  let bytes = 0;
  for (const { segment } of graphemes.segment(slug)) {
    const segmentBytes = Buffer.byteLength(segment);
    if (cut.length + segment.length > maxLength || bytes + segmentBytes > MAX_SLUG_BYTES) break;
    cut += segment;
    bytes += segmentBytes;
  }
  return cut.replace(/-+$/, '');
}

/**
 * The file name for a note in `directory`, with the slug shortened (down to nothing) so that the
 * whole path stays within MAX_PATH_LENGTH. `directory` is the absolute path it will live in.
 */
export function noteFileName(directory: string, parts: { date: string; title: string; hash: string }): string {
  const fixedLength = directory.length + 1 + `${parts.date}--${parts.hash}.md`.length;
  const slug = slugify(parts.title, Math.min(MAX_SLUG_LENGTH, Math.max(0, MAX_PATH_LENGTH - fixedLength)));
  return slug ? `${parts.date}-${slug}-${parts.hash}.md` : `${parts.date}-${parts.hash}.md`;
}

/** Whether `fileName` is the note of the item with this hash, whatever its date and slug. */
export function isNoteFor(fileName: string, hash: string): boolean {
  return fileName.endsWith(`-${hash}.md`);
}
