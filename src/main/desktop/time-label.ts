// Times in the tray menu and tooltip are absolute ("14:05", "Mon 14:05"): they are drawn when the
// engine reports, not every minute, and "3 min ago" would go stale while the menu sits unchanged.

export interface TimeFormat {
  locale?: string;
  timeZone?: string;
}

/** "14:05" when `at` is on the same local day as `now`, else the weekday too, else the date. */
export function timeLabel(at: number, now: number, format: TimeFormat = {}): string {
  const base = { timeZone: format.timeZone, hour: '2-digit', minute: '2-digit' } as const;
  const day = new Intl.DateTimeFormat(format.locale, { timeZone: format.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  if (day.format(at) === day.format(now)) return new Intl.DateTimeFormat(format.locale, base).format(at);
  const withinWeek = Math.abs(at - now) < 6 * 86_400_000;
  const options: Intl.DateTimeFormatOptions = withinWeek ? { ...base, weekday: 'short' } : { ...base, month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(format.locale, options).format(at);
}
