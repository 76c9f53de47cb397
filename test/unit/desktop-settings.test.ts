import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { ContractFailure } from '../../src/shared/result';
import { SETTINGS_MIGRATIONS } from '../../src/main/desktop/settings-migrations';
import { settingsStoreOptions, SETTINGS_STORE_NAME } from '../../src/main/desktop/settings-store-options';
import { readStoredSettings, settingsFromStore } from '../../src/shared/stored-settings';

// Settings live in <dataDir>/settings.json, shared with the headless command (conf). The desktop
// port is electron-store, which needs only `app.getVersion()` and `app.getPath()` from Electron in
// the main process: a fake electron module provides them, so the real electron-store code runs.

const APP_VERSION = vi.hoisted(() => ({ value: '0.1.0' }));
vi.mock('electron', () => {
  const app = { getVersion: () => APP_VERSION.value, getPath: () => tmpdir() };
  const ipcMain = { on: () => undefined };
  return { default: { app, ipcMain, shell: {} }, app, ipcMain };
});

let dataDir: string;
const file = () => join(dataDir, `${SETTINGS_STORE_NAME}.json`);
const readFile = () => JSON.parse(readFileSync(file(), 'utf8')) as Record<string, unknown>;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'th-settings-'));
  APP_VERSION.value = '0.1.0';
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function openDesktopStore(warnings: string[] = []) {
  const { createSettingsStore } = await import('../../src/main/desktop/settings-store');
  return createSettingsStore(dataDir, (message) => warnings.push(message));
}

describe('readStoredSettings (settings schema, key by key)', () => {
  it('keeps valid values and converts recoverable strings', () => {
    expect(readStoredSettings({ fetchIntervalSeconds: 3600, notifications: 'false', poolSize: ' 2 ' })).toEqual({
      values: { fetchIntervalSeconds: 3600, notifications: false, poolSize: 2 },
      problems: [],
    });
  });

  it('drops invalid and unknown keys, saying which, and ignores the store’s own bookkeeping', () => {
    const { values, problems } = readStoredSettings({
      fetchIntervalSeconds: 30,
      perHostCap: 'two',
      theme: 'dark',
      __internal__: { migrations: { version: '0.1.0' } },
      doNotDisturb: true,
    });
    expect(values).toEqual({ doNotDisturb: true });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/fetchIntervalSeconds = 30 is invalid/);
    expect(problems.join('\n')).toMatch(/perHostCap = "two" is invalid/);
    expect(problems.join('\n')).toMatch(/unknown setting "theme"/);
  });

  it.each([null, 'settings', [1, 2], 42])('falls back to defaults for a file holding %j', (stored) => {
    const { settings, problems } = settingsFromStore(stored);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toHaveLength(1);
  });

  it('fills every default', () => {
    expect(settingsFromStore({ startPaused: true }).settings).toEqual({ ...DEFAULT_SETTINGS, startPaused: true });
  });
});

describe('settings.json migrations (through conf, what electron-store is built on)', () => {
  /** Opens the file as electron-store does: its options, `name` → `configName`, projectVersion = app version. */
  function openWithConf(version: string) {
    const { name, ...options } = settingsStoreOptions(dataDir);
    return new Conf<Record<string, unknown>>({ ...options, configName: name, projectVersion: version });
  }

  it('migrates a file written before any migration ran (headless command, hand edits) into the current format', () => {
    writeFileSync(
      file(),
      JSON.stringify({ fetchIntervalSeconds: '1800', notifications: 'true', maxInFlight: 0, legacyPollMinutes: 15, doNotDisturb: true }),
    );
    const store = openWithConf('0.1.0');
    expect(store.store).toEqual({
      fetchIntervalSeconds: 1800,
      notifications: true,
      doNotDisturb: true,
      __internal__: { migrations: { version: '0.1.0' } },
    });
    expect(readFile()).toEqual(store.store);
  });

  it('runs each step once: a later edit is not migrated again by the same version', () => {
    writeFileSync(file(), JSON.stringify({ poolSize: '3' }));
    openWithConf('0.1.0');
    const edited = { ...readFile(), poolSize: '4' };
    writeFileSync(file(), JSON.stringify(edited));
    openWithConf('0.1.0');
    expect(readFile().poolSize).toBe('4');
  });

  it('runs no step on a file from a newer version, though conf lowers the recorded version', () => {
    const newer = { fetchIntervalSeconds: 600, futureSetting: 'x', __internal__: { migrations: { version: '9.0.0' } } };
    writeFileSync(file(), JSON.stringify(newer));
    openWithConf('0.1.0');
    // The settings are untouched (the 0.1.0 step would have dropped futureSetting)…
    expect(readFile()).toMatchObject({ fetchIntervalSeconds: 600, futureSetting: 'x' });
    // …but the marker now says 0.1.0, so the newer version re-runs its steps: they must be idempotent.
    expect(readFile().__internal__).toEqual({ migrations: { version: '0.1.0' } });
  });

  it('has idempotent steps: each applied to its own output changes nothing', () => {
    for (const step of Object.values(SETTINGS_MIGRATIONS)) {
      const store = { store: { fetchIntervalSeconds: '1800', poolSize: 99, doNotDisturb: true } as Record<string, unknown> };
      step(store);
      const once = store.store;
      step(store);
      expect(store.store).toEqual(once);
    }
  });

  it('creates the file owner-only (0600)', () => {
    openWithConf('0.1.0').set('doNotDisturb', true);
    if (process.platform !== 'win32') expect(statSync(file()).mode & 0o777).toBe(0o600);
  });

  it('never clears a file it cannot parse', () => {
    writeFileSync(file(), '{ "fetchIntervalSeconds": 900,');
    expect(() => openWithConf('0.1.0')).toThrow();
    expect(readFileSync(file(), 'utf8')).toBe('{ "fetchIntervalSeconds": 900,');
  });

  it('has its steps keyed by valid versions, in order', () => {
    const versions = Object.keys(SETTINGS_MIGRATIONS);
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect([...versions].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))).toEqual(versions);
  });
});

describe('the desktop settings port (electron-store on <dataDir>/settings.json)', () => {
  it('uses the file and format the headless command reads', async () => {
    const settings = await openDesktopStore();
    settings.update({ fetchIntervalSeconds: 1200, doNotDisturb: true });
    expect(readFile()).toMatchObject({ fetchIntervalSeconds: 1200, doNotDisturb: true });
    const conf = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'settings' });
    expect(conf.get('fetchIntervalSeconds')).toBe(1200);
  });

  it('migrates old settings on open and reports what it dropped', async () => {
    writeFileSync(file(), JSON.stringify({ publishIntervalSeconds: '300', perHostCap: 99, shiny: true }));
    const warnings: string[] = [];
    const settings = await openDesktopStore(warnings);
    expect(settings.get()).toEqual({ ...DEFAULT_SETTINGS, publishIntervalSeconds: 300 });
    expect(readFile()).toEqual({ publishIntervalSeconds: 300, __internal__: { migrations: { version: '0.1.0' } } });
    // The migration already rewrote the file, so reading it finds nothing more to complain about.
    expect(warnings).toEqual([]);
  });

  it('validates every update with the schema and writes nothing invalid', async () => {
    const settings = await openDesktopStore();
    expect(() => settings.update({ poolSize: 64 })).toThrow(ContractFailure);
    expect(() => settings.update({ fetchIntervalSeconds: 59 })).toThrow(/fetchIntervalSeconds/);
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('writes only the changed keys, keeping what the other front end wrote', async () => {
    const settings = await openDesktopStore();
    const conf = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'settings' });
    conf.set('retentionDays', 90);
    settings.update({ launchAtLogin: true });
    expect(readFile()).toMatchObject({ retentionDays: 90, launchAtLogin: true });
  });

  it('tells listeners about changes with the previous values', async () => {
    const settings = await openDesktopStore();
    const changes: Array<[boolean, boolean]> = [];
    const stop = settings.onChange((next, previous) => changes.push([previous.launchAtLogin, next.launchAtLogin]));
    settings.update({ launchAtLogin: true });
    stop();
    settings.update({ launchAtLogin: false });
    expect(changes).toEqual([[false, true]]);
  });

  it('runs on defaults, refusing updates, when the file is not JSON, and leaves it for the user', async () => {
    writeFileSync(file(), 'not json');
    const warnings: string[] = [];
    const settings = await openDesktopStore(warnings);
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(warnings[0]).toMatch(/settings\.json .* cannot be read/);
    expect(() => settings.update({ doNotDisturb: true })).toThrow(/repair or delete it/);
    expect(readFileSync(file(), 'utf8')).toBe('not json');
  });
});
