import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { MainWindow } from '../../src/main/desktop/main-window';

// The window's lifecycle against a fake BrowserWindow: closing hides, only a quit closes, a new
// window shows itself when ready, messages never go to a destroyed window.

class FakeWindow extends EventEmitter {
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  readonly sent: Array<[string, unknown]> = [];
  readonly webContents = {
    id: 42,
    isDestroyed: () => this.destroyed,
    send: (channel: string, message: unknown) => this.sent.push([channel, message]),
  };
  show() {
    this.visible = true;
    this.emit('show');
  }
  hide() {
    this.visible = false;
    this.emit('hide');
  }
  focus() {
    this.focused = true;
  }
  restore() {
    this.minimized = false;
  }
  isVisible() {
    return this.visible;
  }
  isFocused() {
    return this.focused;
  }
  isMinimized() {
    return this.minimized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** What Electron does on close: 'close' (cancellable), then 'closed' unless prevented. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.visible = false;
    this.destroyed = true;
    this.emit('closed');
  }
}

function setUp() {
  const created: FakeWindow[] = [];
  const visibility: boolean[] = [];
  const loaded: FakeWindow[] = [];
  const window = new MainWindow({
    create: () => {
      const fake = new FakeWindow();
      created.push(fake);
      return fake as unknown as BrowserWindow;
    },
    load: (instance) => {
      loaded.push(instance as unknown as FakeWindow);
      return Promise.resolve();
    },
    onVisibilityChange: (visible) => visibility.push(visible),
    log: () => undefined,
  });
  return { window, created, visibility, loaded };
}

describe('MainWindow', () => {
  it('creates and loads the window on first show, and shows it once ready', () => {
    const { window, created, loaded } = setUp();
    expect(window.webContentsId()).toBeNull();
    window.show();
    expect(created).toHaveLength(1);
    expect(loaded).toEqual(created);
    expect(window.isVisible()).toBe(false);
    created[0]?.emit('ready-to-show');
    expect(window.isVisible()).toBe(true);
    expect(window.webContentsId()).toBe(42);
  });

  it('hides instead of closing, so the app stays in the tray', () => {
    const { window, created, visibility } = setUp();
    window.show();
    created[0]?.emit('ready-to-show');
    created[0]?.close();
    expect(created[0]?.destroyed).toBe(false);
    expect(window.isVisible()).toBe(false);
    expect(visibility).toEqual([true, false]);
    window.show();
    expect(created).toHaveLength(1);
    expect(window.isVisible()).toBe(true);
  });

  it('closes for real once the app is quitting, and a later show makes a new window', () => {
    const { window, created } = setUp();
    window.show();
    window.allowClose();
    created[0]?.close();
    expect(created[0]?.destroyed).toBe(true);
    expect(window.webContentsId()).toBeNull();
    window.show();
    expect(created).toHaveLength(2);
  });

  it('toggles: hides a focused window, shows a hidden or unfocused one', () => {
    const { window, created } = setUp();
    window.toggle();
    created[0]?.emit('ready-to-show');
    expect(window.isVisible()).toBe(true);
    window.toggle();
    expect(window.isVisible()).toBe(false);
    window.toggle();
    expect(window.isVisible()).toBe(true);
    const fake = created[0];
    if (fake) fake.focused = false;
    window.toggle();
    expect(window.isVisible()).toBe(true);
  });

  it('restores a minimised window when shown', () => {
    const { window, created } = setUp();
    window.show();
    const fake = created[0];
    if (fake) fake.minimized = true;
    window.show();
    expect(fake?.minimized).toBe(false);
  });

  it('sends to a live window only', () => {
    const { window, created } = setUp();
    window.send('th:event', { event: 'items:new' });
    window.show();
    window.send('th:event', 1);
    window.allowClose();
    created[0]?.close();
    window.send('th:event', 2);
    expect(created[0]?.sent).toEqual([['th:event', 1]]);
  });

  it('offers a dialog parent only while visible', () => {
    const { window, created } = setUp();
    window.show();
    expect(window.visibleWindow()).toBeNull();
    created[0]?.emit('ready-to-show');
    expect(window.visibleWindow()).toBe(created[0]);
  });
});
