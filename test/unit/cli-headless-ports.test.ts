import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfSettings, settingsFromFile } from '../../src/main/cli/conf-settings';
import { createFileSecrets } from '../../src/main/cli/file-secrets';
import { createHeadlessPorts } from '../../src/main/cli/headless-ports';

import { createNotifier } from '../../src/main/cli/stderr-notifier';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { DATABASE_FILE_NAME } from '../../src/main/engine/data-files';

// The headless ports against real files in a temporary folder.

let dir: string;
let warnings: string[];
const warn = (message: string) => warnings.push(message);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'th-ports-'));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('settings through conf', () => {
  it('starts from the defaults without writing anything', () => {
    expect(createConfSettings(dir, warn).get()).toEqual(DEFAULT_SETTINGS);
    expect(readdirSync(dir)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('reads the desktop app\'s file, falling back per key with one warning each', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ perHostCap: 4, poolSize: 99, notifications: 'false', windowBounds: { x: 1 }, __internal__: { migrations: { version: '0.1.0' } } }),
    );
    const settings = createConfSettings(dir, warn).get();
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, perHostCap: 4, notifications: false });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/poolSize = 99 is invalid .*using the default 0/);
    expect(warnings[1]).toMatch(/unknown setting "windowBounds" ignored/);
  });

  it('runs on defaults when the file is not JSON, leaves it alone, and refuses updates', () => {
    writeFileSync(join(dir, 'settings.json'), '{ not json');
    const port = createConfSettings(dir, warn);
    expect(port.get()).toEqual(DEFAULT_SETTINGS);
    expect(warnings[0]).toMatch(/settings\.json cannot be read/);
    expect(() => port.update({ perHostCap: 3 })).toThrow(/not valid JSON/);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{ not json');
  });

  it('writes only the changed keys, owner-only, and keeps what else the file holds', () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ retentionDays: 7, __internal__: { migrations: { version: '0.1.0' } } }));
    const port = createConfSettings(dir, warn);
    expect(port.update({ perHostCap: 3 })).toEqual({ ...DEFAULT_SETTINGS, retentionDays: 7, perHostCap: 3 });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({
      retentionDays: 7,
      perHostCap: 3,
      __internal__: { migrations: { version: '0.1.0' } },
    });
    expect(createConfSettings(dir, warn).get().perHostCap).toBe(3);
  });

  it('refuses an invalid update', () => {
    expect(() => createConfSettings(dir, warn).update({ perHostCap: 0 })).toThrow();
  });

  it('reads a value that is not an object as the defaults', () => {
    expect(settingsFromFile([1, 2], warn)).toEqual(DEFAULT_SETTINGS);
    expect(warnings).toEqual(['settings.json: the settings file does not hold an object; using the defaults']);
  });
});

describe('secrets in a 0600 file', () => {
  const file = () => join(dir, 'secrets.json');

  it('stores, reads and deletes secrets in an owner-only file', () => {
    const secrets = createFileSecrets(file(), warn);
    expect(secrets.get('trigger:1:consumer:secret')).toBeNull();
    secrets.set('trigger:1:consumer:secret', 'whsec_abc');
    secrets.set('account:2:token', 't0k3n');
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(createFileSecrets(file(), warn).get('trigger:1:consumer:secret')).toBe('whsec_abc');
    secrets.delete('trigger:1:consumer:secret');
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({ 'account:2:token': 't0k3n' });
    // No temporary files are left behind.
    expect(readdirSync(dir)).toEqual(['secrets.json']);
  });

  it('tightens a file others can read, and says so', () => {
    writeFileSync(file(), JSON.stringify({ ref: 'value' }), { mode: 0o644 });
    chmodSync(file(), 0o644);
    expect(createFileSecrets(file(), warn).get('ref')).toBe('value');
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/readable by other users \(mode 644\); its mode is now 600/);
  });

  it('refuses a damaged file instead of losing the other secrets', () => {
    writeFileSync(file(), '{"ref": ', { mode: 0o600 });
    const secrets = createFileSecrets(file(), warn);
    expect(() => secrets.get('ref')).toThrow(/not valid JSON/);
    expect(() => secrets.set('other', 'x')).toThrow(/not valid JSON/);
    expect(readFileSync(file(), 'utf8')).toBe('{"ref": ');
  });
});

describe('notifier', () => {
  it('writes one sanitised line per notification in run mode, nothing otherwise', () => {
    const lines: string[] = [];
    const notification = { title: 'Frandroid', body: '2 new items:\nA\u001b[31m, B', url: 'https://example.org/a', triggerIds: [1] };
    createNotifier('stderr', (line) => lines.push(line)).notify(notification);
    createNotifier('silent', (line) => lines.push(line)).notify(notification);
    expect(lines).toEqual(['notification: Frandroid: 2 new items: A [31m, B <https://example.org/a>']);
  });
});

describe('headless ports', () => {
  it('use the desktop app\'s file names in the data folder and touch nothing until used', () => {
    const ports = createHeadlessPorts({ dataDir: dir, workerFile: '/x/out/main/worker.js', notifier: 'silent', warn, errorLine: warn });
    expect(ports.paths).toEqual({
      dataDir: dir,
      databaseFile: join(dir, DATABASE_FILE_NAME),
      backupsDir: join(dir, 'backups'),
      workerFile: '/x/out/main/worker.js',
    });
    expect(ports.desktop).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
