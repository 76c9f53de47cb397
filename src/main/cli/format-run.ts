import type { RunView } from '../../shared/models';
import { formatTimestamp } from './format-time';
import { printable } from './terminal-text';

// One activity row as one readable line, in the spirit of Trigger Happy's log
// (`foxmask - ServiceRss - ServicePocket - Frandroid - 1 new data`):
//   2025-11-30 14:03:09 - Frandroid - rss → markdown - 1 new item

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** What the run did, in words. */
export function describeRunOutcome(run: RunView): string {
  const message = run.message ? printable(run.message) : '';
  if (run.outcome === 'error') return `error: ${message || 'unknown error'}`;
  if (run.outcome === 'skipped') return message ? `skipped: ${message}` : 'skipped';
  if (run.kind === 'fetch') {
    return run.outcome === 'unchanged' ? 'no new items (unchanged)' : plural(run.newCount, 'new item', 'new items');
  }
  const parts = [`${run.publishedCount} published`];
  if (run.failedCount > 0) parts.push(`${run.failedCount} failed${message ? `: ${message}` : ''}`);
  return parts.join(', ');
}

export function formatRunLine(run: RunView): string {
  const trigger = run.triggerId === null ? printable(run.triggerName) : `#${run.triggerId} ${printable(run.triggerName)}`;
  return [formatTimestamp(run.at), trigger, `${printable(run.provider)} → ${printable(run.consumer)}`, describeRunOutcome(run)].join(' - ');
}
