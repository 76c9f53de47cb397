import { describe, expect, it, vi } from 'vitest';
import type { EngineStatus, RunView } from '../../src/shared/models';
import { TrayController } from '../../src/main/desktop/tray';
import { RECENT_ITEMS_SHOWN, runSummary, trayMenuModel, trayTooltip, type TrayAction, type TrayMenuEntry } from '../../src/main/desktop/tray-menu';
import { trayMenuTemplate } from '../../src/main/desktop/tray-menu-template';
import { menuLabel } from '../../src/main/desktop/menu-label';
import { timeLabel } from '../../src/main/desktop/time-label';

const NOW = Date.UTC(2026, 2, 10, 14, 0, 0);
const format = { locale: 'en-GB', timeZone: 'UTC' };

function run(overrides: Partial<RunView> = {}): RunView {
  return {
    id: 1,
    at: NOW - 3 * 60_000,
    triggerId: 1,
    triggerName: 'Frandroid',
    kind: 'fetch',
    provider: 'rss',
    consumer: 'markdown',
    outcome: 'ok',
    newCount: 3,
    publishedCount: 0,
    failedCount: 0,
    message: null,
    durationMs: 420,
    ...overrides,
  };
}

function status(overrides: Partial<EngineStatus> = {}): EngineStatus {
  return {
    phase: 'idle',
    paused: false,
    fetching: false,
    publishing: false,
    lastRun: null,
    nextDueAt: NOW + 5 * 60_000,
    triggers: { total: 2, enabled: 2, failing: 0 },
    items: { pending: 0, failed: 0 },
    recentItems: [],
    notice: null,
    ...overrides,
  };
}

const actions = (entries: TrayMenuEntry[]) =>
  entries.flatMap((entry) => (entry.type === 'action' ? [{ id: entry.id, label: entry.label, enabled: entry.enabled, action: entry.action }] : []));
const labels = (entries: TrayMenuEntry[]) => entries.flatMap((entry) => (entry.type === 'label' ? [entry.label] : []));

describe('trayMenuModel per engine state', () => {
  it('idle: Pause, Run now, Open, Quit, and when the next run is', () => {
    const entries = trayMenuModel(status(), NOW, format);
    expect(labels(entries)[0]).toBe('Idle, next run 14:05');
    expect(actions(entries)).toEqual([
      { id: 'toggle-pause', label: 'Pause', enabled: true, action: { kind: 'pause' } },
      { id: 'run-now', label: 'Run now', enabled: true, action: { kind: 'run-now' } },
      { id: 'open', label: 'Open Trigger Happy', enabled: true, action: { kind: 'open-window' } },
      { id: 'quit', label: 'Quit Trigger Happy', enabled: true, action: { kind: 'quit' } },
    ]);
  });

  it('paused: the toggle says Resume and resumes', () => {
    const entries = trayMenuModel(status({ phase: 'paused', paused: true }), NOW, format);
    expect(labels(entries)[0]).toBe('Paused');
    expect(actions(entries).find((entry) => entry.id === 'toggle-pause')).toEqual({
      id: 'toggle-pause',
      label: 'Resume',
      enabled: true,
      action: { kind: 'resume' },
    });
  });

  it('working: Run now is disabled while a cycle runs', () => {
    const entries = trayMenuModel(status({ phase: 'working', fetching: true }), NOW, format);
    expect(labels(entries)[0]).toBe('Fetching…');
    expect(actions(entries).find((entry) => entry.id === 'run-now')).toMatchObject({ label: 'Running…', enabled: false });
    expect(labels(trayMenuModel(status({ phase: 'working', publishing: true }), NOW, format))[0]).toBe('Publishing…');
  });

  it('error: says how many triggers fail, and still offers everything', () => {
    expect(labels(trayMenuModel(status({ phase: 'error', triggers: { total: 3, enabled: 3, failing: 1 } }), NOW, format))[0]).toBe(
      '1 trigger is failing',
    );
    const entries = trayMenuModel(status({ phase: 'error', triggers: { total: 3, enabled: 3, failing: 2 } }), NOW, format);
    expect(labels(entries)[0]).toBe('2 triggers are failing');
    expect(actions(entries).map((entry) => entry.id)).toEqual(['toggle-pause', 'run-now', 'open', 'quit']);
  });

  it('without active triggers there is nothing to run', () => {
    const entries = trayMenuModel(status({ triggers: { total: 1, enabled: 0, failing: 0 }, nextDueAt: null }), NOW, format);
    expect(labels(entries)[0]).toBe('No active triggers');
    expect(actions(entries).find((entry) => entry.id === 'run-now')?.enabled).toBe(false);
  });

  it('shows a database notice first', () => {
    const entries = trayMenuModel(status({ notice: 'The database was damaged & moved aside' }), NOW, format);
    expect(entries[0]).toEqual({ type: 'label', id: 'notice', label: 'The database was damaged && moved aside' });
  });

  it('lists the five most recent items; a click opens a safe link, or the window', () => {
    const recentItems = [
      { id: 1, title: 'Android 17 is out', url: 'https://www.frandroid.com/a17', triggerName: 'Frandroid' },
      { id: 2, title: 'Tom & Jerry', url: 'javascript:alert(1)', triggerName: 'Cartoons' },
      { id: 3, title: '', url: null, triggerName: 'Notes' },
      { id: 4, title: 'Line\nbreak\u0007and bell', url: 'file:///etc/passwd', triggerName: 'Feed' },
      { id: 5, title: 'x'.repeat(500), url: 'https://example.org/long', triggerName: 'Long' },
      { id: 6, title: 'sixth', url: 'https://example.org/6', triggerName: 'Feed' },
    ];
    const entries = trayMenuModel(status({ recentItems }), NOW, format);
    const items = actions(entries).filter((entry) => entry.id.startsWith('recent-'));
    expect(items).toHaveLength(RECENT_ITEMS_SHOWN);
    expect(items[0]).toEqual({ id: 'recent-1', label: 'Android 17 is out — Frandroid', enabled: true, action: { kind: 'open-link', url: 'https://www.frandroid.com/a17' } });
    expect(items[1]).toEqual({ id: 'recent-2', label: 'Tom && Jerry — Cartoons', enabled: true, action: { kind: 'open-window' } });
    expect(items[2]?.label).toBe('(untitled) — Notes');
    expect(items[3]).toMatchObject({ label: 'Line break and bell — Feed', action: { kind: 'open-window' } });
    expect([...new Intl.Segmenter().segment(items[4]?.label ?? '')]).toHaveLength(60);
    expect(items[4]?.label.endsWith('…')).toBe(true);
    expect(labels(entries)).toContain('Recent items');
  });

  it('says so when nothing was found yet', () => {
    expect(labels(trayMenuModel(status(), NOW, format))).toContain('No new items yet');
  });
});

describe('trayTooltip', () => {
  it('names the last run and what it found', () => {
    expect(trayTooltip(status({ lastRun: run() }), NOW, format)).toBe('Trigger Happy\nLast run 13:57: Frandroid, 3 new items');
  });

  it('says paused, and no run yet', () => {
    expect(trayTooltip(status({ phase: 'paused', paused: true }), NOW, format)).toBe('Trigger Happy (paused)\nNo run yet');
  });

  it('stays within Windows’ 127 characters without splitting a surrogate pair', () => {
    const tooltip = trayTooltip(status({ lastRun: run({ triggerName: '🎉'.repeat(100) }) }), NOW, format);
    expect(tooltip.length).toBeLessThanOrEqual(127);
    expect(tooltip).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it.each([
    [run({ newCount: 1 }), 'Frandroid, 1 new item'],
    [run({ newCount: 0, outcome: 'unchanged' }), 'Frandroid, nothing new'],
    [run({ outcome: 'error', message: 'HTTP 500' }), 'Frandroid, failed'],
    [run({ outcome: 'skipped' }), 'Frandroid, skipped'],
    [run({ kind: 'publish', publishedCount: 4 }), 'Frandroid, 4 published'],
    [run({ kind: 'publish', publishedCount: 2, failedCount: 1 }), 'Frandroid, 2 published, 1 failed'],
  ])('summarises a run (%#)', (view, text) => {
    expect(runSummary(view)).toBe(text);
  });
});

describe('time and label helpers', () => {
  it('gives clock times today, the weekday within a week, the date beyond', () => {
    expect(timeLabel(NOW - 60_000, NOW, format)).toBe('13:59');
    expect(timeLabel(NOW - 2 * 86_400_000, NOW, format)).toBe('Sun 14:00');
    expect(timeLabel(NOW - 30 * 86_400_000, NOW, format)).toBe('8 Feb, 14:00');
  });

  it('doubles & so menus show it instead of taking a mnemonic', () => {
    expect(menuLabel('R&D && more', 40)).toBe('R&&D &&&& more');
  });
});

describe('trayMenuTemplate', () => {
  it('maps entries to Electron menu items whose clicks run the action', () => {
    const onAction = vi.fn<(action: TrayAction) => void>();
    const template = trayMenuTemplate(trayMenuModel(status({ phase: 'paused', paused: true }), NOW, format), onAction);
    const resume = template.find((item) => item.id === 'toggle-pause');
    expect(resume).toMatchObject({ label: 'Resume', enabled: true });
    (resume?.click as () => void)();
    expect(onAction).toHaveBeenCalledWith({ kind: 'resume' });
    expect(template.find((item) => item.id === 'state')).toEqual({ id: 'state', label: 'Paused', enabled: false });
    expect(template.filter((item) => item.type === 'separator')).toHaveLength(3);
  });
});

describe('TrayController', () => {
  function fakeTray() {
    const tray = {
      image: '',
      tooltip: '',
      menus: [] as Array<readonly TrayMenuEntry[]>,
      clickListener: null as (() => void) | null,
      destroyed: false,
      setImage(path: string) {
        this.image = path;
      },
      setToolTip(text: string) {
        this.tooltip = text;
      },
      on(_event: 'click', listener: () => void) {
        this.clickListener = listener;
      },
      destroy() {
        this.destroyed = true;
      },
    };
    return tray;
  }

  function controller(initial: EngineStatus) {
    const tray = fakeTray();
    const performed: TrayAction[] = [];
    const clicks: string[] = [];
    const instance = new TrayController(
      {
        createTray: (iconPath) => {
          tray.image = iconPath;
          return tray;
        },
        setMenu: (_tray, entries) => tray.menus.push(entries),
        iconPath: (phase) => `/icons/${phase}.png`,
        now: () => NOW,
        onAction: (action) => performed.push(action),
        onClick: () => clicks.push('click'),
      },
      initial,
    );
    return { tray, instance, performed, clicks };
  }

  it('draws icon, tooltip and menu from the first status', () => {
    const { tray } = controller(status());
    expect(tray.image).toBe('/icons/idle.png');
    expect(tray.tooltip).toMatch(/^Trigger Happy\n/);
    expect(tray.menus).toHaveLength(1);
  });

  it('pauses and resumes from the menu model, and the icon follows the engine', () => {
    const { tray, instance, performed } = controller(status());
    expect(instance.activate('toggle-pause')).toBe(true);
    expect(performed).toEqual([{ kind: 'pause' }]);
    instance.update(status({ phase: 'paused', paused: true }));
    expect(tray.image).toBe('/icons/paused.png');
    expect(instance.activate('toggle-pause')).toBe(true);
    expect(performed).toEqual([{ kind: 'pause' }, { kind: 'resume' }]);
  });

  it('rebuilds the menu only when something in it changed', () => {
    const { tray, instance } = controller(status());
    instance.update(status());
    instance.update(status({ items: { pending: 4, failed: 0 } }));
    expect(tray.menus).toHaveLength(1);
    instance.update(status({ phase: 'working', fetching: true }));
    expect(tray.menus).toHaveLength(2);
  });

  it('refuses disabled or unknown entries', () => {
    const { instance, performed } = controller(status({ phase: 'working', fetching: true }));
    expect(instance.activate('run-now')).toBe(false);
    expect(instance.activate('state')).toBe(false);
    expect(instance.activate('nope')).toBe(false);
    expect(performed).toEqual([]);
  });

  it('toggles the window on an icon click and can be destroyed', () => {
    const { tray, instance, clicks } = controller(status());
    tray.clickListener?.();
    expect(clicks).toEqual(['click']);
    instance.destroy();
    expect(tray.destroyed).toBe(true);
  });
});
