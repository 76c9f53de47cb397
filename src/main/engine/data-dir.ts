import { homedir } from 'node:os';
import { join, resolve, win32 } from 'node:path';

// Where the data lives. The desktop app keeps it in Electron's `userData` folder, which Electron
// derives from the product name; the headless command must find the same folder without Electron,
// so this mirrors Electron's rule for each platform.

export const PRODUCT_NAME = 'Trigger Happy';

/** Environment variable that points both the app and the command at another data folder. */
export const DATA_DIR_ENV = 'TRIGGER_HAPPY_HOME';

export interface DataDirEnvironment {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
}

function currentEnvironment(): DataDirEnvironment {
  return { env: process.env, platform: process.platform, home: homedir() };
}

/** Electron's `app.getPath('userData')` for "Trigger Happy", computed in plain Node. */
export function defaultDataDir(environment: DataDirEnvironment = currentEnvironment()): string {
  const { env, platform, home } = environment;
  switch (platform) {
    case 'win32':
      return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    case 'darwin':
      return join(home, 'Library', 'Application Support', PRODUCT_NAME);
    default:
      // Electron follows the XDG base directory spec: a relative XDG_CONFIG_HOME is invalid and ignored.
      return join(env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config'), PRODUCT_NAME);
  }
}

/** `--data-dir` wins over `TRIGGER_HAPPY_HOME`, which wins over the desktop app's folder. */
export function resolveDataDir(option: string | undefined, environment: DataDirEnvironment = currentEnvironment()): string {
  const chosen = option?.trim() || environment.env[DATA_DIR_ENV]?.trim();
  return chosen ? resolve(chosen) : defaultDataDir(environment);
}
