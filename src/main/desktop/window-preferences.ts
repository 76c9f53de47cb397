import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

// The main window's options as data, so every security-relevant preference is asserted by a unit
// test rather than trusted to a default: several defaults changed across Electron versions, and
// Electronegativity misses `nodeIntegration: true` next to `sandbox: false`.

export interface MainWindowInput {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preloadPath: string;
  platform: NodeJS.Platform;
  /** Window icon for Linux and Windows (macOS takes the bundle's icon). */
  iconPath: string | null;
  /** Developer tools only in development builds; a packaged app has no use for them. */
  allowDevTools: boolean;
}

export function mainWindowWebPreferences(preloadPath: string, allowDevTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    // The page gets the bridge through contextBridge only; it never shares a JS world with it.
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Spell checking downloads dictionaries from Google's CDN; the forms are short.
    spellcheck: false,
    devTools: allowDevTools,
  };
}

export function mainWindowOptions(input: MainWindowInput): BrowserWindowConstructorOptions {
  return {
    title: 'Trigger Happy',
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    // Shown on 'ready-to-show' (no white flash) or when the user asks; the app lives in the tray.
    show: false,
    autoHideMenuBar: input.platform !== 'darwin',
    ...(input.iconPath && input.platform !== 'darwin' ? { icon: input.iconPath } : {}),
    webPreferences: mainWindowWebPreferences(input.preloadPath, input.allowDevTools),
  };
}
