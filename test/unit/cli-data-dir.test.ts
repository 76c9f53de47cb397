import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from '../../src/main/engine/data-dir';

// The headless command must find the desktop app's folder (Electron's userData for the product
// name) on each platform without Electron.

describe('data folder', () => {
  it('follows Electron on Linux: XDG_CONFIG_HOME, else ~/.config', () => {
    expect(defaultDataDir({ env: {}, platform: 'linux', home: '/home/ana' })).toBe('/home/ana/.config/Trigger Happy');
    expect(defaultDataDir({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', home: '/home/ana' })).toBe('/xdg/Trigger Happy');
    // A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
    expect(defaultDataDir({ env: { XDG_CONFIG_HOME: 'rel' }, platform: 'linux', home: '/home/ana' })).toBe('/home/ana/.config/Trigger Happy');
  });

  it('follows Electron on macOS and Windows', () => {
    expect(defaultDataDir({ env: {}, platform: 'darwin', home: '/Users/ana' })).toBe('/Users/ana/Library/Application Support/Trigger Happy');
    expect(defaultDataDir({ env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, platform: 'win32', home: 'C:\\Users\\ana' })).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\Trigger Happy',
    );
  });

  it('lets TRIGGER_HAPPY_HOME, then --data-dir, override it', () => {
    const environment = { env: { TRIGGER_HAPPY_HOME: '/srv/th' }, platform: 'linux' as const, home: '/home/ana' };
    expect(resolveDataDir(undefined, environment)).toBe('/srv/th');
    expect(resolveDataDir('/tmp/other', environment)).toBe('/tmp/other');
    expect(resolveDataDir('relative', environment)).toBe(resolve('relative'));
    expect(resolveDataDir('  ', { ...environment, env: { TRIGGER_HAPPY_HOME: ' ' } })).toBe('/home/ana/.config/Trigger Happy');
  });
});
