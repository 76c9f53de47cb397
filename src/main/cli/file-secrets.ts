import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SecretsPort } from '../engine/ports';

// Secrets for the headless command. The desktop app encrypts them with the OS keychain through
// Electron's safeStorage, which needs Electron; here they live in a JSON file that only the owner
// may read (0600), like ~/.netrc or ~/.ssh keys. Writes go to a temporary file in the same folder
// and are renamed over the old one, so a crash leaves either the old or the new file, never half.

export const SECRETS_FILE_NAME = 'secrets.json';

const OWNER_ONLY = 0o600;
/** POSIX permissions only; Windows ignores modes (the user profile's ACL protects the file). */
const CHECK_MODES = process.platform !== 'win32';

function isMissing(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

export function createFileSecrets(file: string, warn: (message: string) => void): SecretsPort {
  let modeChecked = false;

  /** Tightens a file that others can read before trusting it, and says so. */
  function ensureOwnerOnly(): void {
    if (!CHECK_MODES || modeChecked) return;
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      chmodSync(file, OWNER_ONLY);
      warn(`${file} was readable by other users (mode ${mode.toString(8)}); its mode is now 600. Consider changing the secrets it holds.`);
    }
    modeChecked = true;
  }

  // The parsed file, kept while its size and modification time stay the same: listing triggers
  // asks for one secret per trigger, and another process (a second command) may write the file.
  let cached: { mtimeMs: number; size: number; secrets: Record<string, string> } | null = null;

  function read(): Record<string, string> {
    let text: string;
    try {
      ensureOwnerOnly();
      const stat = statSync(file);
      // Callers may change what they get (set, delete): hand out a copy.
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return { ...cached.secrets };
      text = readFileSync(file, 'utf8');
      cached = { mtimeMs: stat.mtimeMs, size: stat.size, secrets: parseSecrets(text) };
      return { ...cached.secrets };
    } catch (error) {
      if (isMissing(error)) return {};
      throw error;
    }
  }

  function parseSecrets(text: string): Record<string, string> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${file} is not valid JSON; repair it or remove it and enter the secrets again`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${file} does not hold a JSON object`);
    const secrets: Record<string, string> = {};
    for (const [ref, value] of Object.entries(parsed)) if (typeof value === 'string') secrets[ref] = value;
    return secrets;
  }

  function write(secrets: Record<string, string>): void {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temporary = join(dirname(file), `.${SECRETS_FILE_NAME}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const descriptor = openSync(temporary, 'wx', OWNER_ONLY);
    try {
      writeSync(descriptor, `${JSON.stringify(secrets, null, 2)}\n`);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    try {
      // The umask may have narrowed the mode further; it can never have widened it, but be exact.
      if (CHECK_MODES) chmodSync(temporary, OWNER_ONLY);
      renameSync(temporary, file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    modeChecked = true;
  }

  return {
    get: (ref) => read()[ref] ?? null,
    set(ref, value) {
      const secrets = read();
      secrets[ref] = value;
      write(secrets);
    },
    delete(ref) {
      const secrets = read();
      if (!(ref in secrets)) return;
      delete secrets[ref];
      write(secrets);
    },
  };
}
