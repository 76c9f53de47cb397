import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate } from '../../src/main/desktop/app-menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

describe('appMenuTemplate', () => {
  it.each(['darwin', 'linux', 'win32'] as const)('on %s, Quit goes through the graceful quit and Edit has copy and paste', (platform) => {
    const actions = { openWindow: vi.fn(), quit: vi.fn() };
    const items = flatten(appMenuTemplate(platform, false, actions));
    const quit = items.find((item) => item.id === 'quit');
    expect(quit?.role).toBeUndefined();
    expect(quit?.accelerator).toBe('CmdOrCtrl+Q');
    (quit?.click as () => void)();
    expect(actions.quit).toHaveBeenCalledOnce();
    expect(items.map((item) => item.role)).toEqual(expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll', 'undo', 'redo']));
  });

  it('has no reload or developer tools in a packaged build', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      const roles = flatten(appMenuTemplate(platform, false, { openWindow: vi.fn(), quit: vi.fn() })).map((item) => item.role);
      expect(roles).not.toContain('toggleDevTools');
      expect(roles).not.toContain('reload');
      expect(roles).not.toContain('forceReload');
    }
    const development = flatten(appMenuTemplate('linux', true, { openWindow: vi.fn(), quit: vi.fn() })).map((item) => item.role);
    expect(development).toContain('toggleDevTools');
  });

  it('has the macOS application menu first', () => {
    const [first] = appMenuTemplate('darwin', false, { openWindow: vi.fn(), quit: vi.fn() });
    expect(first?.label).toBe('Trigger Happy');
  });

  it('opens the window from the File menu elsewhere', () => {
    const actions = { openWindow: vi.fn(), quit: vi.fn() };
    const open = flatten(appMenuTemplate('win32', false, actions)).find((item) => item.id === 'open');
    (open?.click as () => void)();
    expect(actions.openWindow).toHaveBeenCalledOnce();
  });
});
