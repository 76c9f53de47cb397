import type { EngineNotification } from '../engine/ports';
import type { TrayMenuEntry } from './tray-menu';

// What the Playwright Electron suite (test/electron) reads and drives in the main process through
// `electronApp.evaluate`: the tray menu model (there is no way to click a native tray menu from a
// test) and the notifications requested. Installed only when TRIGGER_HAPPY_E2E=1 is set by the
// person or test that launches the app; it lives on the main process's global, which no page can
// reach.

export const E2E_ENV = 'TRIGGER_HAPPY_E2E';
export const E2E_GLOBAL = '__triggerHappyE2E';

export interface E2EHooks {
  trayEntries(): readonly TrayMenuEntry[];
  /** Runs a tray menu entry's action as a click would; false when absent or disabled. */
  activateTrayEntry(id: string): boolean;
  /** Every notification the engine asked for, shown or not. */
  readonly notifications: EngineNotification[];
  windowVisible(): boolean;
}

export function e2eHooksEnabled(env: Record<string, string | undefined>): boolean {
  return env[E2E_ENV] === '1';
}

export function installE2EHooks(hooks: E2EHooks): void {
  (globalThis as Record<string, unknown>)[E2E_GLOBAL] = hooks;
}
