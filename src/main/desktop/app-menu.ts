import type { MenuItemConstructorOptions } from 'electron';

// The application menu. A tray app barely needs one, but without it macOS has no Edit menu, so
// copy and paste stop working in the window's text fields, and Cmd+Q must go through our graceful
// quit. Developer tools and reload only appear in development builds.

export interface AppMenuActions {
  openWindow(): void;
  /** Graceful quit: stop the engine, then exit. */
  quit(): void;
}

export function appMenuTemplate(platform: NodeJS.Platform, development: boolean, actions: AppMenuActions): MenuItemConstructorOptions[] {
  const quit: MenuItemConstructorOptions = {
    id: 'quit',
    label: platform === 'darwin' ? 'Quit Trigger Happy' : 'Quit',
    accelerator: 'CmdOrCtrl+Q',
    click: () => actions.quit(),
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions[] = development
    ? [{ label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }] }]
    : [];
  if (platform === 'darwin') {
    return [
      {
        label: 'Trigger Happy',
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          quit,
        ],
      },
      edit,
      ...view,
      { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
    ];
  }
  return [
    {
      label: 'File',
      submenu: [{ id: 'open', label: 'Open Trigger Happy', click: () => actions.openWindow() }, { role: 'close', label: 'Close Window' }, { type: 'separator' }, quit],
    },
    edit,
    ...view,
  ];
}
