import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isNoteFor } from './note-file-name';

// At most once, as the folder sees it: a note whose name carries the item's hash is never written
// again, so retrying a `sending` item after a crash is harmless. The content goes to a hidden temp
// file in the same folder, is flushed to disk, then renamed into place: a reader (or a crash)
// sees either no note or the whole note, never a truncated one that a retry would then take for
// done.

export type NoteWriteOutcome = { written: boolean; fileName: string };

function tempPrefix(hash: string): string {
  return `.${hash}.`;
}

async function removeQuietly(file: string): Promise<void> {
  await unlink(file).catch(() => undefined);
}

/** Make the rename itself durable. Directories cannot be opened for fsync on Windows. */
async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r').catch(() => null);
  if (handle === null) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

export async function writeNoteOnce(directory: string, fileName: string, hash: string, content: string): Promise<NoteWriteOutcome> {
  await mkdir(directory, { recursive: true });
  const entries = await readdir(directory);
  const existing = entries.find((entry) => isNoteFor(entry, hash));
  if (existing !== undefined) return { written: false, fileName: existing };

  // Temp files of an attempt that crashed before its rename.
  const stale = entries.filter((entry) => entry.startsWith(tempPrefix(hash)) && entry.endsWith('.tmp'));
  await Promise.all(stale.map((entry) => removeQuietly(path.join(directory, entry))));

  const temp = path.join(directory, `${tempPrefix(hash)}${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path.join(directory, fileName));
  } catch (error) {
    await removeQuietly(temp);
    throw error;
  }
  await syncDirectory(directory);
  return { written: true, fileName };
}
