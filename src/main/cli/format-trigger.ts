import type { TriggerView } from '../../shared/models';
import { formatDuration } from './duration';
import { describeRunOutcome } from './format-run';
import { formatTimestamp } from './format-time';
import { printable, printableShort } from './terminal-text';
import { alignColumns } from './text-columns';

// `triggers list` as readable lines: one per trigger, the columns a person scans first (id, state,
// name, route, schedule) aligned, then counts and the last run.

function stateOf(trigger: TriggerView): string {
  if (trigger.pausedReason) return 'paused';
  return trigger.enabled ? 'on' : 'off';
}

function scheduleOf(trigger: TriggerView): string {
  // A trigger without its own interval follows the fetch interval setting.
  return trigger.intervalSeconds === null ? 'default interval' : `every ${formatDuration(trigger.intervalSeconds)}`;
}

function detailsOf(trigger: TriggerView): string {
  const { pending, sent, failed } = trigger.counts;
  const details = [`${pending} pending, ${sent} sent, ${failed} failed`];
  if (trigger.pausedReason) details.push(`paused: ${printable(trigger.pausedReason)}`);
  if (trigger.lastRun) details.push(`last run ${formatTimestamp(trigger.lastRun.at)} ${describeRunOutcome(trigger.lastRun)}`);
  else details.push('never run');
  return details.join('; ');
}

export function formatTriggerLines(triggers: readonly TriggerView[]): string[] {
  if (triggers.length === 0) return ['No triggers yet. Add one with "trigger-happy triggers add" or "trigger-happy import FILE.opml".'];
  return alignColumns(
    triggers.map((trigger) => [
      `#${trigger.id}`,
      stateOf(trigger),
      printableShort(trigger.name, 40),
      `${trigger.provider.service} → ${trigger.consumer.service}`,
      scheduleOf(trigger),
      detailsOf(trigger),
    ]),
  );
}

/** A one-line confirmation after a change: `#3 "Frandroid" (rss → markdown, every 15m) enabled`. */
export function describeTrigger(trigger: TriggerView): string {
  return `#${trigger.id} "${printableShort(trigger.name, 60)}" (${trigger.provider.service} → ${trigger.consumer.service}, ${scheduleOf(trigger)})`;
}
