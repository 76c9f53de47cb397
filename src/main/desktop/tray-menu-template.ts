import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuEntry } from './tray-menu';

// The tray menu model as Electron's menu template. Labels were made safe by tray-menu.ts.

export function trayMenuTemplate(entries: readonly TrayMenuEntry[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return entries.map((entry): MenuItemConstructorOptions => {
    switch (entry.type) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { id: entry.id, label: entry.label, enabled: false };
      case 'action':
        return { id: entry.id, label: entry.label, enabled: entry.enabled, click: () => onAction(entry.action) };
    }
  });
}
