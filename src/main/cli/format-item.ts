import type { ItemView } from '../../shared/models';
import { formatTimestamp } from './format-time';
import { printable, printableShort } from './terminal-text';
import { alignColumns } from './text-columns';

// `items` as readable lines: one per outbox item, newest first as the engine lists them.
//   #12  sent    2025-11-30 14:03:09  Frandroid  A post title  https://example.org/post

function whyOf(item: ItemView): string {
  if ((item.state === 'failed' || item.state === 'retry') && item.lastError) return ` (${printableShort(item.lastError, 120)})`;
  if ((item.state === 'skipped' || item.state === 'filtered') && item.reason) return ` (${printableShort(item.reason, 120)})`;
  return '';
}

function cellsOf(item: ItemView): string[] {
  const what = printableShort(item.title || '(untitled)', 80) + (item.url ? `  ${printable(item.url)}` : '') + whyOf(item);
  return [`#${item.id}`, item.state, formatTimestamp(item.foundAt), printableShort(item.triggerName, 30), what];
}

export function formatItemLines(items: readonly ItemView[]): string[] {
  return items.length === 0 ? ['No items.'] : alignColumns(items.map(cellsOf));
}
