import Conf from 'conf';
import type { SettingsPort } from '../engine/ports';
import { ContractFailure } from '../../shared/result';
import { settingsSchema, type Settings } from '../../shared/settings';
import { settingsFromStore } from '../../shared/stored-settings';

// Settings for the headless command: the desktop app's electron-store file (`settings.json` in the
// data folder), read and written through conf, which is what electron-store is built on, so both
// see the same JSON. Read once at start; warnings about bad values are printed once.

export const SETTINGS_FILE_NAME = 'settings';

/** The file's settings, each bad or unknown key reported once as a warning naming the file. */
export function settingsFromFile(stored: unknown, warn: (message: string) => void): Settings {
  const { settings, problems } = settingsFromStore(stored);
  for (const problem of problems) warn(`${SETTINGS_FILE_NAME}.json: ${problem}`);
  return settings;
}

export function createConfSettings(dataDir: string, warn: (message: string) => void): SettingsPort {
  let store: Conf<Record<string, unknown>> | null = null;
  let current: Settings;
  try {
    // Same options as the desktop app's electron-store (desktop/settings-store-options.ts), minus
    // its migrations: the app migrates the file when it next opens it.
    store = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: SETTINGS_FILE_NAME, clearInvalidConfig: false, configFileMode: 0o600 });
    current = settingsFromFile(store.store, warn);
  } catch (error) {
    // Unparseable JSON: keep the user's file untouched (they may want to repair it) and run on defaults.
    warn(`${SETTINGS_FILE_NAME}.json cannot be read (${error instanceof Error ? error.message : String(error)}); using the default settings`);
    current = settingsFromFile({}, warn);
  }

  return {
    get: () => current,
    update(patch) {
      const parsed = settingsSchema.safeParse({ ...current, ...patch });
      if (!parsed.success) {
        throw new ContractFailure('invalid-argument', parsed.error.issues[0]?.message ?? 'Invalid settings');
      }
      if (!store) {
        throw new ContractFailure('unavailable', `${SETTINGS_FILE_NAME}.json in ${dataDir} is not valid JSON; repair or delete it first`);
      }
      // Only the changed keys are written, so values the desktop app keeps there stay as they are.
      const changed: Record<string, unknown> = {};
      for (const key of Object.keys(patch) as Array<keyof Settings>) {
        if (patch[key] !== undefined) changed[key] = parsed.data[key];
      }
      store.set(changed);
      current = parsed.data;
      return current;
    },
  };
}
