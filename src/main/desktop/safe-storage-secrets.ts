import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SecretsPort } from '../engine/ports';
import { ContractFailure } from '../../shared/result';
import { secretProtection, type StorageBackend } from './secret-protection';

// The engine's secrets port in the desktop app: each value is encrypted with Electron's
// safeStorage and the ciphertext kept in a JSON file in the data folder (0600, written to a
// temporary file and renamed, so a crash leaves the old or the new file). Electron's objects are
// injected, so this runs under a fake safeStorage in plain Node tests. The file is separate from
// the headless command's secrets.json: these values can only be decrypted by Electron.

export const SAFE_STORAGE_SECRETS_FILE = 'secrets.safe-storage.json';

/** The parts of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?(): StorageBackend;
}

export interface SafeStorageSecretsDeps {
  file: string;
  platform: NodeJS.Platform;
  safeStorage: SafeStorageLike;
  /** Asks the user (a dialog) whether to store secrets without real encryption; true = yes. */
  confirmStoringInClear(): boolean;
  warn(message: string): void;
}

interface StoredSecret {
  /** 'os': safeStorage with a real keyring; 'basic_text': Chromium's hard-coded key, consented to. */
  protection: 'os' | 'basic_text';
  /** Base64 of safeStorage's ciphertext. */
  data: string;
}

interface SecretsFile {
  version: 1;
  secrets: Record<string, StoredSecret>;
}

export function createSafeStorageSecrets(deps: SafeStorageSecretsDeps): SecretsPort {
  // Asked at most once per run: the answer covers this session's secrets.
  let consentToClear: boolean | null = null;

  function read(): SecretsFile {
    let text: string;
    try {
      text = readFileSync(deps.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: Object.create(null) as Record<string, StoredSecret> };
      throw error;
    }
    const parsed = JSON.parse(text) as Partial<SecretsFile> | null;
    if (!parsed || typeof parsed !== 'object' || typeof parsed.secrets !== 'object' || parsed.secrets === null) {
      throw new ContractFailure('internal', `${deps.file} is not a secrets file`);
    }
    // A null-prototype record, so a ref such as "__proto__" is only ever a key.
    return { version: 1, secrets: Object.assign(Object.create(null) as Record<string, StoredSecret>, parsed.secrets) };
  }

  function write(contents: SecretsFile): void {
    mkdirSync(dirname(deps.file), { recursive: true });
    const temporary = join(dirname(deps.file), `.${randomBytes(6).toString('hex')}.tmp`);
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(contents, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(temporary, deps.file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }

  function currentProtection() {
    const backend = deps.platform === 'linux' ? (deps.safeStorage.getSelectedStorageBackend?.() ?? 'unknown') : null;
    return secretProtection(deps.platform, deps.safeStorage.isEncryptionAvailable(), backend);
  }

  return {
    get(ref) {
      const stored = read().secrets[ref];
      if (!stored) return null;
      try {
        return deps.safeStorage.decryptString(Buffer.from(stored.data, 'base64'));
      } catch {
        // The keyring changed or was reset: the secret is lost, and the account must be re-entered.
        deps.warn(`the secret ${ref} can no longer be decrypted; enter it again`);
        return null;
      }
    },
    set(ref, value) {
      const protection = currentProtection();
      if (protection.kind === 'unavailable') {
        throw new ContractFailure('unavailable', `Secret not stored: ${protection.reason}.`);
      }
      if (protection.kind === 'ask-before-clear') {
        consentToClear ??= deps.confirmStoringInClear();
        if (!consentToClear) {
          throw new ContractFailure('forbidden', 'Secret not stored: no keyring is available and storing it without encryption was declined.');
        }
      }
      const contents = read();
      contents.secrets[ref] = {
        protection: protection.kind === 'os' ? 'os' : 'basic_text',
        data: deps.safeStorage.encryptString(value).toString('base64'),
      };
      write(contents);
    },
    delete(ref) {
      const contents = read();
      if (!Object.hasOwn(contents.secrets, ref)) return;
      delete contents.secrets[ref];
      write(contents);
    },
  };
}
