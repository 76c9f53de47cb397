import { readStoredSettings } from '../../shared/stored-settings';

// electron-store migrations of settings.json, keyed by the app version that introduced each
// change (electron-store records the last version migrated in `__internal__.migrations.version`
// and runs each newer step once, in order; it never runs them backwards, so an older app leaves a
// newer file's settings alone). Steps must be idempotent: when an older app opens a newer file,
// conf lowers the recorded version, and the newer app then runs its steps a second time.
//
// 0.1.0 is the first format. Its step is the baseline: a file that exists before the desktop app
// ever ran its migrations was written by the headless command (which does not migrate), by hand, or
// by a development build with other bounds. The step rewrites it in the current format: values kept
// where valid (recoverable strings converted), invalid and unknown keys removed so their defaults
// apply. A later format change adds its own step here, with a test that migrates a file of the
// previous format.

/** The part of a conf / electron-store instance a migration uses. */
export interface MigratingStore {
  store: Record<string, unknown>;
}

export type SettingsMigration = (store: MigratingStore) => void;

export const SETTINGS_MIGRATIONS: Readonly<Record<string, SettingsMigration>> = {
  '0.1.0': (store) => {
    // readStoredSettings leaves `__internal__` out; the store's setter puts it back from the file.
    store.store = { ...readStoredSettings(store.store).values };
  },
};
