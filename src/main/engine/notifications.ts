import type { NewItemsEvent, TriggerPausedEvent } from '../../shared/models';
import type { Settings } from '../../shared/settings';
import type { EngineNotification } from './ports';

// Which desktop notifications a fetch cycle raises: one per trigger that found new items and has
// notifications on ("Frandroid: 3 new items" with the first titles), one summary instead of a flood
// when many report at once, one per trigger that paused itself, none under do-not-disturb.
// Escaping for the notification server is the desktop notifier's job.

export const SUMMARY_THRESHOLD = 3;
const TITLES_SHOWN = 3;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function buildNotifications(
  found: readonly NewItemsEvent[],
  paused: readonly TriggerPausedEvent[],
  settings: Pick<Settings, 'notifications' | 'doNotDisturb'>,
): EngineNotification[] {
  if (!settings.notifications || settings.doNotDisturb) return [];
  const notifications: EngineNotification[] = [];
  const reporting = found.filter((event) => event.notify && event.count > 0);
  if (reporting.length > SUMMARY_THRESHOLD) {
    const total = reporting.reduce((sum, event) => sum + event.count, 0);
    notifications.push({
      title: `${plural(total, 'new item')} from ${plural(reporting.length, 'trigger')}`,
      body: reporting
        .slice(0, 5)
        .map((event) => `${event.triggerName} (${event.count})`)
        .join(', ')
        .concat(reporting.length > 5 ? `, and ${reporting.length - 5} more` : ''),
      url: null,
      triggerIds: reporting.map((event) => event.triggerId),
    });
  } else {
    for (const event of reporting) {
      const titles = event.items.slice(0, TITLES_SHOWN).map((item) => item.title || '(untitled)');
      const more = event.count - titles.length;
      notifications.push({
        title: `${event.triggerName}: ${plural(event.count, 'new item')}`,
        body: titles.join('\n') + (more > 0 ? `\n… and ${more} more` : ''),
        url: event.count === 1 ? (event.items[0]?.url ?? null) : null,
        triggerIds: [event.triggerId],
      });
    }
  }
  for (const event of paused) {
    notifications.push({
      title: `${event.triggerName} paused`,
      body: event.reason,
      url: null,
      triggerIds: [event.triggerId],
    });
  }
  return notifications;
}
