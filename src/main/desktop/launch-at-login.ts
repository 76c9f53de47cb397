import { join } from 'node:path';

// Launch at login. macOS and Windows have a login-item API (app.setLoginItemSettings); Linux does
// not (Electron documents it for darwin and win32 only), so there the XDG autostart entry
// ~/.config/autostart/<id>.desktop is written or removed. A launch at login passes --hidden so the
// app starts in the tray without opening its window. Development builds never register
// themselves: the entry would start the bare Electron binary.

export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE_NAME = 'trigger-happy.desktop';

export type LaunchAtLoginPlan =
  | { kind: 'login-item'; openAtLogin: boolean; args: string[] }
  | { kind: 'autostart-file'; file: string; contents: string | null }
  | { kind: 'unsupported'; reason: string };

export interface LaunchAtLoginInput {
  enabled: boolean;
  platform: NodeJS.Platform;
  packaged: boolean;
  /** process.execPath, or $APPIMAGE when running from an AppImage (execPath is inside its mount). */
  executable: string;
  home: string;
  xdgConfigHome: string | undefined;
}

export function launchAtLoginPlan(input: LaunchAtLoginInput): LaunchAtLoginPlan {
  if (!input.packaged) return { kind: 'unsupported', reason: 'launch at login is only registered by an installed build' };
  if (input.platform === 'darwin' || input.platform === 'win32') {
    return { kind: 'login-item', openAtLogin: input.enabled, args: input.platform === 'win32' ? [HIDDEN_ARG] : [] };
  }
  if (input.platform === 'linux') {
    const configHome = input.xdgConfigHome?.startsWith('/') ? input.xdgConfigHome : join(input.home, '.config');
    const file = join(configHome, 'autostart', AUTOSTART_FILE_NAME);
    return { kind: 'autostart-file', file, contents: input.enabled ? autostartEntry(input.executable) : null };
  }
  return { kind: 'unsupported', reason: `launch at login is not supported on ${input.platform}` };
}

/** A freedesktop autostart entry that starts the app hidden in the tray. */
export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Trigger Happy',
    'Comment=Publishes new items from your feeds and services',
    `Exec=${desktopExecArgument(executable)} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * One argument of an Exec key, quoted per the Desktop Entry Specification: inside double quotes,
 * `"`, `` ` ``, `$` and `\` are escaped with a backslash, and `%` (field codes) is doubled.
 */
export function desktopExecArgument(argument: string): string {
  const escaped = argument.replace(/%/g, '%%');
  if (!/[\s"'`$\\<>~|&;*?#()]/.test(escaped)) return escaped;
  // The spec's escape rule, then the general string rule doubles every backslash once more.
  const quoted = escaped.replace(/(["`$\\])/g, '\\$1').replace(/\\/g, '\\\\');
  return `"${quoted}"`;
}

/** Whether this launch should stay in the tray (started at login) rather than open the window. */
export function startsHidden(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return wasOpenedAtLogin || argv.includes(HIDDEN_ARG);
}
