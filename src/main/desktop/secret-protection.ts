// How a secret can be protected on this machine, decided from what Electron's safeStorage reports.
// On Linux without a keyring (no GNOME Keyring/KWallet, e.g. a bare window manager) safeStorage
// falls back to `basic_text`: "encryption" with a password hard-coded in Chromium, which protects
// nothing against anyone who can read the file. The user must agree before a secret is stored
// like that (reliability.md §5, test plan #23: stored silently under basic_text: 0).

export type SecretProtection =
  /** Keychain (macOS), DPAPI (Windows), libsecret or KWallet (Linux). */
  | { kind: 'os' }
  /** Readable by anyone who reads the file; only with the user's consent. */
  | { kind: 'ask-before-clear' }
  | { kind: 'unavailable'; reason: string };

export type StorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

export function secretProtection(platform: NodeJS.Platform, encryptionAvailable: boolean, linuxBackend: StorageBackend | null): SecretProtection {
  if (!encryptionAvailable) return { kind: 'unavailable', reason: 'the operating system offers no encryption for secrets (is the app ready?)' };
  if (platform !== 'linux') return { kind: 'os' };
  switch (linuxBackend) {
    case 'basic_text':
      return { kind: 'ask-before-clear' };
    case 'gnome_libsecret':
    case 'kwallet':
    case 'kwallet5':
    case 'kwallet6':
      return { kind: 'os' };
    default:
      return { kind: 'unavailable', reason: 'no secret store has been selected yet' };
  }
}
