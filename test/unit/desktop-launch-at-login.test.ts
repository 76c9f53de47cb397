import { describe, expect, it } from 'vitest';
import { autostartEntry, desktopExecArgument, HIDDEN_ARG, launchAtLoginPlan, startsHidden } from '../../src/main/desktop/launch-at-login';

const base = { enabled: true, packaged: true, executable: '/opt/Trigger Happy/trigger-happy-desktop', home: '/home/me', xdgConfigHome: undefined };

describe('launchAtLoginPlan', () => {
  it('uses the login item on macOS and Windows (Windows starts hidden with --hidden)', () => {
    expect(launchAtLoginPlan({ ...base, platform: 'darwin' })).toEqual({ kind: 'login-item', openAtLogin: true, args: [] });
    expect(launchAtLoginPlan({ ...base, platform: 'win32', enabled: false })).toEqual({ kind: 'login-item', openAtLogin: false, args: [HIDDEN_ARG] });
  });

  it('writes an XDG autostart entry on Linux, and removes it when disabled', () => {
    expect(launchAtLoginPlan({ ...base, platform: 'linux' })).toEqual({
      kind: 'autostart-file',
      file: '/home/me/.config/autostart/trigger-happy.desktop',
      contents: autostartEntry(base.executable),
    });
    expect(launchAtLoginPlan({ ...base, platform: 'linux', enabled: false })).toMatchObject({ kind: 'autostart-file', contents: null });
  });

  it('honours an absolute XDG_CONFIG_HOME only', () => {
    expect(launchAtLoginPlan({ ...base, platform: 'linux', xdgConfigHome: '/cfg' })).toMatchObject({ file: '/cfg/autostart/trigger-happy.desktop' });
    expect(launchAtLoginPlan({ ...base, platform: 'linux', xdgConfigHome: 'relative' })).toMatchObject({
      file: '/home/me/.config/autostart/trigger-happy.desktop',
    });
  });

  it('never registers a development build (it would start the bare Electron binary)', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(launchAtLoginPlan({ ...base, platform, packaged: false }).kind).toBe('unsupported');
    }
  });
});

describe('the autostart entry', () => {
  it('starts the app hidden in the tray', () => {
    const entry = autostartEntry('/usr/bin/trigger-happy');
    expect(entry.split('\n')).toEqual([
      '[Desktop Entry]',
      'Type=Application',
      'Name=Trigger Happy',
      'Comment=Publishes new items from your feeds and services',
      'Exec=/usr/bin/trigger-happy --hidden',
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      '',
    ]);
  });

  it.each([
    ['/usr/bin/app', '/usr/bin/app'],
    ['/opt/Trigger Happy/app', '"/opt/Trigger Happy/app"'],
    ['/home/me/100%/app', '/home/me/100%%/app'],
    ['/tmp/$HOME/app', '"/tmp/\\\\$HOME/app"'],
    ['/tmp/a"b', '"/tmp/a\\\\"b"'],
    ['/tmp/back\\slash', '"/tmp/back\\\\\\\\slash"'],
    ['/tmp/`id`', '"/tmp/\\\\`id\\\\`"'],
  ])('quotes %s per the Desktop Entry Specification', (argument, quoted) => {
    expect(desktopExecArgument(argument)).toBe(quoted);
  });
});

describe('startsHidden', () => {
  it('stays in the tray when started at login, opens the window otherwise', () => {
    expect(startsHidden(['/usr/bin/app', HIDDEN_ARG], false)).toBe(true);
    expect(startsHidden(['/usr/bin/app'], true)).toBe(true);
    expect(startsHidden(['/usr/bin/app'], false)).toBe(false);
  });
});
