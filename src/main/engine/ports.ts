import type { Settings } from '../../shared/settings';

// What the engine needs from its host. The desktop app passes Electron-backed ports
// (electron-store, safeStorage, Notification); the CLI passes plain-Node ones (conf, a 0600 file,
// stdout); tests pass real ones pointed at temp folders and a fake clock.

export interface SettingsPort {
  get(): Settings;
  /** Validates, persists and returns the new settings. */
  update(patch: Partial<Settings>): Settings;
}

export interface SecretsPort {
  get(ref: string): string | null;
  set(ref: string, value: string): void;
  delete(ref: string): void;
}

export interface EngineNotification {
  title: string;
  body: string;
  /** Open this link on click (one item), or the window when absent (several). */
  url: string | null;
  triggerIds: number[];
}

export interface NotifierPort {
  notify(notification: EngineNotification): void;
}

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** One-shot timer; the scheduler arms exactly one at a time. */
  setTimer(ms: number, callback: () => void): TimerHandle;
}

export interface EnginePaths {
  dataDir: string;
  databaseFile: string;
  /** The built piscina worker router (out/main/worker.js). */
  workerFile: string;
  backupsDir: string;
}

export interface EnginePorts {
  paths: EnginePaths;
  settings: SettingsPort;
  secrets: SecretsPort;
  notifier: NotifierPort;
  clock: Clock;
  /** True in the desktop app (launch at login and similar only make sense there). */
  desktop: boolean;
  /** The random generator used for jitter; injectable so tests are reproducible. */
  random?: () => number;
  /** Returns whether the machine looks online; offline fetch cycles are skipped without failures. */
  isOnline?: () => boolean;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, callback) {
    const handle = setTimeout(callback, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    return { cancel: () => clearTimeout(handle) };
  },
};
