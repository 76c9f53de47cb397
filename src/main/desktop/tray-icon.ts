import { join } from 'node:path';
import type { EnginePhase } from '../../shared/models';

// Which tray image shows which engine state. macOS gets template images (black + alpha, names
// ending in "Template") so the menu bar tints them for light and dark mode; Windows gets 16 px
// colour icons, Linux 22 px ones (the common panel size). Each has an @2x file beside it, which
// Electron's nativeImage picks up on high-DPI screens. The files are drawn by
// scripts/draw-tray-icons.mjs.

export const TRAY_PHASES: readonly EnginePhase[] = ['idle', 'working', 'paused', 'error'];

/** The icon file for a state, relative to the assets folder. */
export function trayIconFile(phase: EnginePhase, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return join('tray', 'mac', `tray-${phase}Template.png`);
  if (platform === 'win32') return join('tray', 'win', `tray-${phase}.png`);
  return join('tray', 'linux', `tray-${phase}.png`);
}

export function trayIconPath(assetsDir: string, phase: EnginePhase, platform: NodeJS.Platform): string {
  return join(assetsDir, trayIconFile(phase, platform));
}
