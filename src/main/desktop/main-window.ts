import type { BrowserWindow } from 'electron';

// The one window. It is created on first use and afterwards only hidden and shown: closing it
// hides it (the app lives in the tray), and only a quit lets it close. Electron's BrowserWindow is
// created by an injected factory (main.ts), which also applies the hardening.

export interface MainWindowDeps {
  create(): BrowserWindow;
  /** Loads the renderer into a fresh window. */
  load(window: BrowserWindow): Promise<void>;
  /** Told when the window is shown or hidden (the macOS dock icon follows it). */
  onVisibilityChange(visible: boolean): void;
  log(message: string): void;
}

export class MainWindow {
  readonly #deps: MainWindowDeps;
  #window: BrowserWindow | null = null;
  #quitting = false;

  constructor(deps: MainWindowDeps) {
    this.#deps = deps;
  }

  show(): void {
    const existing = this.#window && !this.#window.isDestroyed() ? this.#window : null;
    // A new window shows itself on 'ready-to-show', so it never flashes white.
    if (!existing) {
      this.#create();
      return;
    }
    const window = existing;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  hide(): void {
    this.#window?.hide();
  }

  /** A click on the tray icon: show a hidden or unfocused window, hide a focused one. */
  toggle(): void {
    const window = this.#window;
    if (window && window.isVisible() && window.isFocused()) this.hide();
    else this.show();
  }

  isVisible(): boolean {
    return this.#window?.isVisible() ?? false;
  }

  /** The window's webContents id, to tell its IPC messages from anyone else's. */
  webContentsId(): number | null {
    const window = this.#window;
    return window && !window.isDestroyed() ? window.webContents.id : null;
  }

  send(channel: string, message: unknown): void {
    const window = this.#window;
    if (window && !window.isDestroyed() && !window.webContents.isDestroyed()) window.webContents.send(channel, message);
  }

  /** From now on a close closes (the app is quitting). */
  allowClose(): void {
    this.#quitting = true;
  }

  /** The parent for dialogs, when the window is on screen. */
  visibleWindow(): BrowserWindow | null {
    return this.#window && this.#window.isVisible() ? this.#window : null;
  }

  #create(): BrowserWindow {
    const window = this.#deps.create();
    this.#window = window;
    window.on('close', (event) => {
      if (this.#quitting) return;
      event.preventDefault();
      window.hide();
    });
    window.on('show', () => this.#deps.onVisibilityChange(true));
    window.on('hide', () => this.#deps.onVisibilityChange(false));
    window.on('closed', () => {
      if (this.#window === window) this.#window = null;
    });
    window.once('ready-to-show', () => {
      window.show();
      window.focus();
    });
    this.#deps.load(window).catch((error: unknown) => {
      this.#deps.log(`the window failed to load: ${error instanceof Error ? error.message : String(error)}`);
    });
    return window;
  }
}
