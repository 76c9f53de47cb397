import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContractFailure } from '../../src/shared/result';
import { createSafeStorageSecrets, SAFE_STORAGE_SECRETS_FILE, type SafeStorageLike } from '../../src/main/desktop/safe-storage-secrets';
import { secretProtection, type StorageBackend } from '../../src/main/desktop/secret-protection';
import { clearSecretConsentDialog, STORE_IN_CLEAR_BUTTON } from '../../src/main/desktop/clear-secret-consent';

// A fake safeStorage stands in for the OS keychain: a reversible transformation that never leaves
// the plain text in the output, so the file can be searched for the canary.

const CANARY = 'canary-token-7f3a9c';

function fakeSafeStorage(backend: StorageBackend, available = true) {
  const state = { backend, available, key: 0x5a };
  const safeStorage: SafeStorageLike = {
    isEncryptionAvailable: () => state.available,
    encryptString: (text) => Buffer.from([...Buffer.from(text, 'utf8')].map((byte) => byte ^ state.key)),
    decryptString: (data) => {
      if (data[0] === undefined || (data[0] ^ state.key) > 0x7f) throw new Error('decryption failed');
      return Buffer.from([...data].map((byte) => byte ^ state.key)).toString('utf8');
    },
    getSelectedStorageBackend: () => state.backend,
  };
  return { safeStorage, state };
}

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'th-secrets-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function secrets(options: { platform?: NodeJS.Platform; backend?: StorageBackend; available?: boolean; consent?: boolean } = {}) {
  const { safeStorage, state } = fakeSafeStorage(options.backend ?? 'gnome_libsecret', options.available ?? true);
  const asked: string[] = [];
  const warnings: string[] = [];
  const port = createSafeStorageSecrets({
    file: join(dataDir, SAFE_STORAGE_SECRETS_FILE),
    platform: options.platform ?? 'linux',
    safeStorage,
    confirmStoringInClear: () => {
      asked.push('asked');
      return options.consent ?? false;
    },
    warn: (message) => warnings.push(message),
  });
  return { port, asked, warnings, state };
}

const fileText = () => readFileSync(join(dataDir, SAFE_STORAGE_SECRETS_FILE), 'utf8');

describe('secretProtection', () => {
  it.each([
    ['darwin', true, null, 'os'],
    ['win32', true, null, 'os'],
    ['linux', true, 'gnome_libsecret', 'os'],
    ['linux', true, 'kwallet6', 'os'],
    ['linux', true, 'basic_text', 'ask-before-clear'],
    ['linux', true, 'unknown', 'unavailable'],
    ['darwin', false, null, 'unavailable'],
    ['linux', false, 'gnome_libsecret', 'unavailable'],
  ] as const)('%s, available %s, backend %s → %s', (platform, available, backend, kind) => {
    expect(secretProtection(platform, available, backend).kind).toBe(kind);
  });
});

describe('safeStorage secrets port', () => {
  it('stores encrypted values in a 0600 file in the data folder and reads them back', () => {
    const { port, asked } = secrets();
    port.set('account:1:token', CANARY);
    expect(port.get('account:1:token')).toBe(CANARY);
    expect(port.get('account:2:token')).toBeNull();
    expect(fileText()).not.toContain(CANARY);
    expect(JSON.parse(fileText())).toMatchObject({ version: 1, secrets: { 'account:1:token': { protection: 'os' } } });
    if (process.platform !== 'win32') expect(statSync(join(dataDir, SAFE_STORAGE_SECRETS_FILE)).mode & 0o777).toBe(0o600);
    expect(asked).toEqual([]);
  });

  it('asks before storing under basic_text, and stores nothing when the user declines', () => {
    const { port, asked } = secrets({ backend: 'basic_text', consent: false });
    expect(() => port.set('account:1:token', CANARY)).toThrow(ContractFailure);
    expect(asked).toEqual(['asked']);
    expect(existsSync(join(dataDir, SAFE_STORAGE_SECRETS_FILE))).toBe(false);
    // The answer holds for the session: no second dialog for the next secret.
    expect(() => port.set('account:2:token', CANARY)).toThrow(/declined/);
    expect(asked).toEqual(['asked']);
  });

  it('stores under basic_text once the user agreed, marked as such, asking once per session', () => {
    const { port, asked } = secrets({ backend: 'basic_text', consent: true });
    port.set('account:1:token', CANARY);
    port.set('account:2:token', 'second');
    expect(asked).toEqual(['asked']);
    expect(JSON.parse(fileText())).toMatchObject({ secrets: { 'account:1:token': { protection: 'basic_text' } } });
    expect(port.get('account:1:token')).toBe(CANARY);
  });

  it('refuses to store anything when no encryption is available yet', () => {
    const { port, asked } = secrets({ backend: 'unknown' });
    expect(() => port.set('account:1:token', CANARY)).toThrow(/Secret not stored/);
    expect(asked).toEqual([]);
  });

  it('never asks on macOS or Windows', () => {
    const { port, asked } = secrets({ platform: 'darwin', backend: 'basic_text' });
    port.set('a', CANARY);
    expect(asked).toEqual([]);
  });

  it('deletes a secret, and deleting a missing one is fine', () => {
    const { port } = secrets();
    port.set('a', 'one');
    port.set('b', 'two');
    port.delete('a');
    port.delete('missing');
    expect(port.get('a')).toBeNull();
    expect(port.get('b')).toBe('two');
  });

  it('treats a ref like __proto__ as a plain key', () => {
    const { port } = secrets();
    port.set('__proto__', CANARY);
    expect(port.get('__proto__')).toBe(CANARY);
    expect(port.get('toString')).toBeNull();
  });

  it('returns null and says so when a value can no longer be decrypted (keyring reset)', () => {
    const { port, state, warnings } = secrets();
    port.set('account:1:token', 'value');
    state.key = 0xa5;
    expect(port.get('account:1:token')).toBeNull();
    expect(warnings).toEqual(['the secret account:1:token can no longer be decrypted; enter it again']);
  });

  it('leaves no temporary files behind', () => {
    const { port } = secrets();
    for (let index = 0; index < 5; index += 1) port.set(`ref:${index}`, `value ${index}`);
    expect(readdirSync(dataDir)).toEqual([SAFE_STORAGE_SECRETS_FILE]);
  });

  it('refuses a file that is not a secrets file rather than overwriting it', () => {
    writeFileSync(join(dataDir, SAFE_STORAGE_SECRETS_FILE), '[]');
    const { port } = secrets();
    expect(() => port.set('a', 'b')).toThrow(/not a secrets file/);
    expect(fileText()).toBe('[]');
  });
});

describe('the question asked before storing in the clear', () => {
  it('defaults to Cancel, which Escape also answers', () => {
    const dialog = clearSecretConsentDialog();
    expect(dialog.buttons?.[STORE_IN_CLEAR_BUTTON]).toBe('Store without encryption');
    expect(dialog.defaultId).toBe(1);
    expect(dialog.cancelId).toBe(1);
    expect(dialog.buttons?.[1]).toBe('Cancel');
    expect(dialog.detail).toMatch(/anyone who can read your files can read it/);
  });
});
