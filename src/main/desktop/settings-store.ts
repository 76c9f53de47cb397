import Store from 'electron-store';
import type { SettingsPort } from '../engine/ports';
import { ContractFailure } from '../../shared/result';
import { settingsSchema, type Settings } from '../../shared/settings';
import { settingsStoreOptions, SETTINGS_STORE_NAME } from './settings-store-options';
import { settingsFromStore } from '../../shared/stored-settings';

// The engine's settings port in the desktop app: electron-store on `<dataDir>/settings.json`,
// migrated on open (electron-store runs SETTINGS_MIGRATIONS against the app's version), validated
// with settingsSchema on every read and write. Values are read once and cached: conf reads the
// file from disk on every access, and the engine asks often.

export interface DesktopSettings extends SettingsPort {
  /** Called after every successful update with the new settings (launch at login, tray). */
  onChange(listener: (settings: Settings, previous: Settings) => void): () => void;
}

export function createSettingsStore(dataDir: string, warn: (message: string) => void): DesktopSettings {
  const fileName = `${SETTINGS_STORE_NAME}.json`;
  let store: Store<Record<string, unknown>> | null = null;
  let current: Settings;
  try {
    store = new Store<Record<string, unknown>>(settingsStoreOptions(dataDir));
    const read = settingsFromStore(store.store);
    for (const problem of read.problems) warn(`${fileName}: ${problem}`);
    current = read.settings;
  } catch (error) {
    // Unparseable JSON or a failed migration: leave the file as it is for the user to repair, and
    // run on defaults; updates are refused until then rather than overwriting it.
    warn(`${fileName} in ${dataDir} cannot be read (${error instanceof Error ? error.message : String(error)}); using the default settings`);
    current = settingsSchema.parse({});
  }
  const listeners = new Set<(settings: Settings, previous: Settings) => void>();

  return {
    get: () => current,
    update(patch) {
      const parsed = settingsSchema.safeParse({ ...current, ...patch });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ContractFailure('invalid-argument', issue ? `${issue.path.join('.')}: ${issue.message}` : 'Invalid settings');
      }
      if (!store) throw new ContractFailure('unavailable', `${fileName} in ${dataDir} cannot be read; repair or delete it first`);
      // Only the changed keys are written, so a key the other front end just wrote is kept.
      const changed: Record<string, unknown> = {};
      for (const key of Object.keys(patch) as Array<keyof Settings>) {
        if (patch[key] !== undefined) changed[key] = parsed.data[key];
      }
      store.set(changed);
      const previous = current;
      current = parsed.data;
      for (const listener of listeners) listener(current, previous);
      return current;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
