import type { MessageBoxSyncOptions } from 'electron';

// The question asked before a secret is stored without real encryption (safeStorage's
// `basic_text` backend on Linux). "Cancel" is the default and the answer to Escape.

export const STORE_IN_CLEAR_BUTTON = 0;

export function clearSecretConsentDialog(): MessageBoxSyncOptions {
  return {
    type: 'warning',
    title: 'No keyring available',
    message: 'Store this secret without encryption?',
    detail:
      'Trigger Happy found no keyring (GNOME Keyring, KWallet) on this system, so the secret can only be ' +
      'stored obfuscated with a key built into the app: anyone who can read your files can read it. ' +
      'Install and unlock a keyring, then restart Trigger Happy, to have it encrypted.',
    buttons: ['Store without encryption', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}
