// Log lines use the local time of the person reading them, in a sortable form without a zone
// (the JSON output carries the exact epoch milliseconds).

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** "2025-11-30 14:03:09" in local time. */
export function formatTimestamp(epochMs: number): string {
  const date = new Date(epochMs);
  const day = `${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())}`;
  return `${day} ${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}:${twoDigits(date.getSeconds())}`;
}
