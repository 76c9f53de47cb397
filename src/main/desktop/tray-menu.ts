import type { EngineStatus, RunView } from '../../shared/models';
import { menuLabel, plainLine } from './menu-label';
import { externalUrl } from './navigation-policy';
import { timeLabel, type TimeFormat } from './time-label';

// The tray's menu and tooltip as plain data computed from the engine's status (Signal's
// SystemTrayService redraws from state the same way). tray.ts turns the entries into an Electron
// Menu and routes each action; everything a user sees and can click is decided here and tested.

export type TrayAction =
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'run-now' }
  | { kind: 'open-window' }
  | { kind: 'open-link'; url: string }
  | { kind: 'quit' };

export type TrayMenuEntry =
  | { type: 'action'; id: string; label: string; enabled: boolean; action: TrayAction }
  | { type: 'label'; id: string; label: string }
  | { type: 'separator' };

export const RECENT_ITEMS_SHOWN = 5;
const ITEM_LABEL_GRAPHEMES = 60;
/** Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA.szTip). */
export const MAX_TOOLTIP_LENGTH = 127;

export function trayMenuModel(status: EngineStatus, now: number, format: TimeFormat = {}): TrayMenuEntry[] {
  const working = status.fetching || status.publishing;
  const entries: TrayMenuEntry[] = [];
  if (status.notice) entries.push({ type: 'label', id: 'notice', label: menuLabel(status.notice, ITEM_LABEL_GRAPHEMES) });
  entries.push({ type: 'label', id: 'state', label: menuLabel(stateLine(status, now, format), ITEM_LABEL_GRAPHEMES) });
  entries.push({ type: 'separator' });
  entries.push(
    status.paused
      ? { type: 'action', id: 'toggle-pause', label: 'Resume', enabled: true, action: { kind: 'resume' } }
      : { type: 'action', id: 'toggle-pause', label: 'Pause', enabled: true, action: { kind: 'pause' } },
  );
  entries.push({
    type: 'action',
    id: 'run-now',
    label: working ? 'Running…' : 'Run now',
    enabled: !working && status.triggers.enabled > 0,
    action: { kind: 'run-now' },
  });
  entries.push({ type: 'action', id: 'open', label: 'Open Trigger Happy', enabled: true, action: { kind: 'open-window' } });
  entries.push({ type: 'separator' });
  entries.push(...recentItemEntries(status));
  entries.push({ type: 'separator' });
  entries.push({ type: 'action', id: 'quit', label: 'Quit Trigger Happy', enabled: true, action: { kind: 'quit' } });
  return entries;
}

function recentItemEntries(status: EngineStatus): TrayMenuEntry[] {
  const items = status.recentItems.slice(0, RECENT_ITEMS_SHOWN);
  if (items.length === 0) return [{ type: 'label', id: 'recent-none', label: 'No new items yet' }];
  const entries: TrayMenuEntry[] = [{ type: 'label', id: 'recent', label: 'Recent items' }];
  for (const item of items) {
    const url = externalUrl(item.url);
    const title = item.title.trim() || '(untitled)';
    entries.push({
      type: 'action',
      id: `recent-${item.id}`,
      label: menuLabel(`${title} — ${item.triggerName}`, ITEM_LABEL_GRAPHEMES),
      enabled: true,
      // An item without a safe link is shown in the window instead.
      action: url ? { kind: 'open-link', url } : { kind: 'open-window' },
    });
  }
  return entries;
}

function stateLine(status: EngineStatus, now: number, format: TimeFormat): string {
  switch (status.phase) {
    case 'paused':
      return 'Paused';
    case 'working':
      return status.fetching ? 'Fetching…' : 'Publishing…';
    case 'error':
      return status.triggers.failing === 1 ? '1 trigger is failing' : `${status.triggers.failing} triggers are failing`;
    case 'idle':
      if (status.triggers.enabled === 0) return 'No active triggers';
      return status.nextDueAt !== null ? `Idle, next run ${timeLabel(status.nextDueAt, now, format)}` : 'Idle';
  }
}

/** The tooltip: the product, the state, and the last run with what it found. */
export function trayTooltip(status: EngineStatus, now: number, format: TimeFormat = {}): string {
  const head = status.phase === 'paused' ? 'Trigger Happy (paused)' : 'Trigger Happy';
  const run = status.lastRun ? `\nLast run ${timeLabel(status.lastRun.at, now, format)}: ${runSummary(status.lastRun)}` : '\nNo run yet';
  return plainMultiline(`${head}${run}`, MAX_TOOLTIP_LENGTH);
}

/** What a run found, in words: "Frandroid, 3 new items". */
export function runSummary(run: RunView): string {
  const name = plainLine(run.triggerName, 40);
  if (run.outcome === 'error') return `${name}, failed`;
  if (run.outcome === 'skipped') return `${name}, skipped`;
  if (run.kind === 'publish') {
    const failed = run.failedCount > 0 ? `, ${run.failedCount} failed` : '';
    return `${name}, ${run.publishedCount} published${failed}`;
  }
  if (run.newCount === 0) return `${name}, nothing new`;
  return `${name}, ${run.newCount} new ${run.newCount === 1 ? 'item' : 'items'}`;
}

function plainMultiline(text: string, max: number): string {
  const lines = text.split('\n').map((line) => plainLine(line, max));
  const joined = lines.join('\n');
  if (joined.length <= max) return joined;
  // The limit is in UTF-16 units (Windows' WCHAR buffer); never leave half a surrogate pair.
  const cut = joined.slice(0, max - 1);
  return `${/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}
