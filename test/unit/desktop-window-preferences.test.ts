import { describe, expect, it } from 'vitest';
import { mainWindowOptions, mainWindowWebPreferences } from '../../src/main/desktop/window-preferences';

const input = { preloadPath: '/app/out/preload/index.cjs', platform: 'linux' as const, iconPath: '/app/assets/icon.png', allowDevTools: false };

describe('main window preferences', () => {
  const preferences = mainWindowOptions(input).webPreferences ?? {};

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
  ] as const)('sets %s to %s explicitly', (key, value) => {
    expect(preferences).toHaveProperty(key, value);
  });

  it('enables no Blink features and no extra JS flags', () => {
    expect(preferences.enableBlinkFeatures).toBeUndefined();
    expect(preferences.additionalArguments).toBeUndefined();
    expect(preferences.disableBlinkFeatures).toBeUndefined();
  });

  it('loads the built CommonJS preload, the only bridge', () => {
    expect(preferences.preload).toBe('/app/out/preload/index.cjs');
  });

  it('has developer tools only in development', () => {
    expect(mainWindowWebPreferences('/p.cjs', false).devTools).toBe(false);
    expect(mainWindowWebPreferences('/p.cjs', true).devTools).toBe(true);
  });

  it('starts hidden, shown when ready or asked for', () => {
    expect(mainWindowOptions(input).show).toBe(false);
  });

  it('uses the app icon on Linux and Windows, not on macOS (the bundle has it)', () => {
    expect(mainWindowOptions(input).icon).toBe('/app/assets/icon.png');
    expect(mainWindowOptions({ ...input, platform: 'win32' }).icon).toBe('/app/assets/icon.png');
    expect(mainWindowOptions({ ...input, platform: 'darwin' }).icon).toBeUndefined();
  });

  it('is usable from 720×480 up', () => {
    const options = mainWindowOptions(input);
    expect(options.minWidth).toBe(720);
    expect(options.minHeight).toBe(480);
  });
});
