import type { EngineStatus, EnginePhase } from '../../shared/models';
import { trayMenuModel, trayTooltip, type TrayAction, type TrayMenuEntry } from './tray-menu';

// The tray icon, redrawn from engine status. Electron's Tray and Menu are injected (as Signal's
// SystemTrayService does) so this runs under fakes in plain Node.

/** The parts of Electron's Tray used here. */
export interface TrayLike {
  setImage(iconPath: string): void;
  setToolTip(text: string): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayControllerDeps {
  createTray(iconPath: string): TrayLike;
  /** Builds the Electron menu from the model and sets it on the tray. */
  setMenu(tray: TrayLike, entries: readonly TrayMenuEntry[], onAction: (action: TrayAction) => void): void;
  iconPath(phase: EnginePhase): string;
  now(): number;
  onAction(action: TrayAction): void;
  /** A click on the icon itself (macOS and Windows; Linux panels only open the menu). */
  onClick(): void;
}

export class TrayController {
  readonly #deps: TrayControllerDeps;
  readonly #tray: TrayLike;
  #phase: EnginePhase | null = null;
  #menuKey = '';
  #tooltip = '';
  #entries: readonly TrayMenuEntry[] = [];

  constructor(deps: TrayControllerDeps, initial: EngineStatus) {
    this.#deps = deps;
    this.#tray = deps.createTray(deps.iconPath(initial.phase));
    this.#phase = initial.phase;
    this.#tray.on('click', () => deps.onClick());
    this.update(initial);
  }

  /** Redraws what changed: the icon for the phase, the tooltip, the menu (only when its model changed). */
  update(status: EngineStatus): void {
    const now = this.#deps.now();
    if (status.phase !== this.#phase) {
      this.#tray.setImage(this.#deps.iconPath(status.phase));
      this.#phase = status.phase;
    }
    const tooltip = trayTooltip(status, now);
    if (tooltip !== this.#tooltip) {
      this.#tray.setToolTip(tooltip);
      this.#tooltip = tooltip;
    }
    const entries = trayMenuModel(status, now);
    // Rebuilding a menu is not free (on Linux it is re-exported over D-Bus), and status events
    // arrive on every run: rebuild only when something visible changed.
    const key = JSON.stringify(entries);
    if (key !== this.#menuKey) {
      this.#deps.setMenu(this.#tray, entries, (action) => this.#deps.onAction(action));
      this.#menuKey = key;
      this.#entries = entries;
    }
  }

  /** The menu as last drawn (the Electron end-to-end test clicks through this). */
  get entries(): readonly TrayMenuEntry[] {
    return this.#entries;
  }

  /** Runs the action of the menu entry with this id, as a click would; false when there is none or it is disabled. */
  activate(id: string): boolean {
    const entry = this.#entries.find((candidate) => candidate.type === 'action' && candidate.id === id);
    if (!entry || entry.type !== 'action' || !entry.enabled) return false;
    this.#deps.onAction(entry.action);
    return true;
  }

  destroy(): void {
    this.#tray.destroy();
  }
}
