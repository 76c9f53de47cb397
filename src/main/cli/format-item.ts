import type { ItemView } from '../../shared/models';
import { formatTimestamp } from './format-time';
import { printable, printableShort } from './terminal-text';

// `items` as readable lines: one per outbox item, newest first as the engine lists them.
//   #12  sent     2025-11-30 14:03:09  Frandroid  A post title  https://example.org/post

function whyOf(item: ItemView): string {
  if ((item.state === 'failed' || item.state === 'retry') && item.lastError) return ` (${printableShort(item.lastError, 120)})`;
  if ((item.state === 'skipped' || item.state === 'filtered') && item.reason) return ` (${printableShort(item.reason, 120)})`;
  return '';
}

export function formatItemLine(item: ItemView): string {
  const columns = [
    `#${item.id}`.padEnd(6),
    item.state.padEnd(8),
    formatTimestamp(item.foundAt),
    printableShort(item.triggerName, 30),
    printableShort(item.title || '(untitled)', 80),
  ];
  if (item.url) columns.push(printable(item.url));
  return columns.join('  ') + whyOf(item);
}

export function formatItemLines(items: readonly ItemView[]): string[] {
  return items.length === 0 ? ['No items.'] : items.map(formatItemLine);
}
