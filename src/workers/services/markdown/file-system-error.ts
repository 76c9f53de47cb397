import type { TaskError } from '../../tasks';

// A folder we cannot write to is the user's to fix (permissions, a file where the folder should
// be, a read-only disk): permanent, so the trigger pauses with this message. A full disk or a busy
// file may clear by itself, so those are retried.

const PERMANENT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a file is in the way of the folder',
  EEXIST: 'a file is in the way of the folder',
  EISDIR: 'a folder is in the way of the file',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'path too long',
  EINVAL: 'invalid file name for this file system',
};

const TRANSIENT: Record<string, string> = {
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'disk quota exceeded',
  EBUSY: 'the file is busy',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  EAGAIN: 'temporarily unavailable',
};

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function fileSystemError(error: unknown, target: string): TaskError {
  const code = errorCode(error);
  const permanent = code === undefined ? undefined : PERMANENT[code];
  if (permanent !== undefined) {
    return { kind: 'config', message: `Cannot write to ${target}: ${permanent} (${code})`, host: 'local', permanent: true };
  }
  const transient = code === undefined ? undefined : TRANSIENT[code];
  const reason = transient ?? (error instanceof Error ? error.message : String(error));
  return { kind: 'internal', message: `Cannot write to ${target}: ${reason}${code && transient ? ` (${code})` : ''}`, host: 'local', permanent: false };
}
