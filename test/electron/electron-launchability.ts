import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// Whether the built desktop app can be launched here, and if not, why: the Electron suite is
// then reported as skipped with this reason, never passed.

export type Launchability = { ok: true; executable: string } | { ok: false; reason: string };

export function electronLaunchability(root: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Launchability {
  let executable: string;
  try {
    // The electron package exports the binary's path, and throws when the binary was never
    // downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1, as on this project's build machines).
    executable = createRequire(join(root, 'package.json'))('electron') as string;
  } catch (error) {
    return { ok: false, reason: `no Electron binary is installed (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!existsSync(executable)) return { ok: false, reason: `the Electron binary ${executable} is missing` };
  if (!existsSync(join(root, 'out', 'main', 'index.js')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    return { ok: false, reason: 'the app is not built (run `npm run build` first)' };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'no display to open windows on (set DISPLAY, e.g. run under xvfb-run)' };
  }
  return { ok: true, executable };
}
