import { SETTINGS_MIGRATIONS, type SettingsMigration } from './settings-migrations';

// The electron-store options for settings.json, as data: the headless command opens the same file
// through conf (`configName: 'settings'`, `cwd` = data folder), so name, folder and format must
// match, and the unit tests open it through conf with these same options.

export const SETTINGS_STORE_NAME = 'settings';

export interface SettingsStoreOptions {
  name: string;
  cwd: string;
  /** Never wipe a file the user may have edited by hand; report it instead. */
  clearInvalidConfig: false;
  /** Only the owner reads the preferences (reliability.md §5). */
  configFileMode: number;
  migrations: Readonly<Record<string, SettingsMigration>>;
}

export function settingsStoreOptions(dataDir: string): SettingsStoreOptions {
  return {
    name: SETTINGS_STORE_NAME,
    cwd: dataDir,
    clearInvalidConfig: false,
    configFileMode: 0o600,
    migrations: SETTINGS_MIGRATIONS,
  };
}
