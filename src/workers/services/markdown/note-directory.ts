import path from 'node:path';
import { windowsSafeSegment } from './windows-safe-name';

// Where the notes of a trigger go: the user's folder (absolute: a worker's working directory means
// nothing to the user) plus an optional subfolder that must stay inside it.

export type NoteDirectory = { ok: true; path: string } | { ok: false; message: string };

export function noteDirectory(folder: string, subfolder: string): NoteDirectory {
  if (!path.isAbsolute(folder)) return { ok: false, message: `The folder must be an absolute path, not "${folder}"` };
  const segments = subfolder.split(/[/\\]+/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { ok: false, message: `The subfolder "${subfolder}" must stay inside the folder` };
  return { ok: true, path: path.join(path.resolve(folder), ...segments.map(windowsSafeSegment)) };
}
