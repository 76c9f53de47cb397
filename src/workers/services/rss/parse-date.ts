// Feed dates as they are found in the wild: RFC 822/1123 with two-digit years, named or military
// zones, missing seconds or weekday; ISO 8601 / W3C-DTF with or without zone, reduced precision;
// asctime. A date we cannot read is null, never "now" (a made-up date would reorder the outbox).

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

/** Offsets in minutes east of UTC. Military letters per RFC 822 (J is unused). */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0, bst: 60, cet: 60, cest: 120, met: 60, eet: 120, eest: 180, msk: 180, ist: 330, jst: 540,
  aest: 600, aedt: 660, nzst: 720, nzdt: 780,
  ast: -240, adt: -180, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600,
};
for (const [index, letter] of [...'abcdefghiklm'].entries()) ZONES[letter] = (index + 1) * 60;
for (const [index, letter] of [...'nopqrstuvwxy'].entries()) ZONES[letter] = -(index + 1) * 60;

/** Earliest and latest year we believe: outside that the field is garbage, not a date. */
const MIN_YEAR = 1970;
const MAX_YEAR = 2200;

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  // "-0800 (PST)": the comment repeats the offset; "(PST)" alone is the zone
  const text = (zone ?? '').trim().toLowerCase().replace(/(.)\s*\([^)]*\)$/, '$1').replace(/^\(|\)$/g, '');
  if (!text) return 0; // no zone: read as UTC, as feedparser and most readers do
  const numeric = /^(?:gmt|utc|ut)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (numeric) {
    const sign = numeric[1] === '-' ? -1 : 1;
    const hours = Number(numeric[2] ?? 0);
    const minutes = Number(numeric[3] ?? 0);
    if (hours > 14 || minutes > 59) return undefined;
    return sign * (hours * 60 + minutes);
  }
  const named = /^([a-z]+)/.exec(text)?.[1];
  return named !== undefined ? ZONES[named] : undefined;
}

function build(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number, offsetMinutes: number | undefined): string | null {
  if (offsetMinutes === undefined) return null;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 0 || month > 11 || day < 1 || day > 31) return null;
  if (hour > 24 || minute > 59 || second > 60) return null;
  // Date.UTC rolls 30 February over into March: refuse days the month does not have
  if (new Date(Date.UTC(year, month, day)).getUTCMonth() !== month) return null;
  const time = Date.UTC(year, month, day, hour, minute, Math.min(second, 59), millis) - offsetMinutes * 60_000;
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function twoDigitYear(text: string): number {
  const year = Number(text);
  if (text.length > 2) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

const ISO = /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:[T\s]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(z|[+-]\d{1,2}(?::?\d{2})?|[a-z]{1,5})?$/i;

function parseIso(text: string): string | null | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const millis = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
  return build(Number(year), Number(month ?? 1) - 1, Number(day ?? 1), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0), millis, zoneOffsetMinutes(zone));
}

// [Weekday,] DD Mon YYYY [HH:MM[:SS]] [zone]   (weekday ignored: feeds get it wrong)
const RFC822 = /^(?:[a-z]+\.?,?\s*)?(\d{1,2})[\s-]+([a-z]{3,})\.?[\s-]+(\d{2,4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(.*)$/i;
// [Weekday,] Mon DD[,] YYYY [HH:MM[:SS]] [zone]   and asctime: Wkd Mon DD HH:MM:SS YYYY
const MONTH_FIRST = /^(?:[a-z]+\.?,?\s*)?([a-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(.*)$/i;
const ASCTIME = /^(?:[a-z]+\s+)?([a-z]{3,})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(\d{4})\s*(.*)$/i;

function month(name: string | undefined): number {
  return MONTHS[(name ?? '').slice(0, 3).toLowerCase()] ?? -1;
}

function parseRfc822(text: string): string | null | undefined {
  let match = RFC822.exec(text);
  if (match) {
    const [, day, monthName, year, hour, minute, second, zone] = match;
    return build(twoDigitYear(year ?? ''), month(monthName), Number(day), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0), 0, zoneOffsetMinutes(zone));
  }
  match = MONTH_FIRST.exec(text);
  if (match) {
    const [, monthName, day, year, hour, minute, second, zone] = match;
    return build(Number(year), month(monthName), Number(day), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0), 0, zoneOffsetMinutes(zone));
  }
  match = ASCTIME.exec(text);
  if (match) {
    const [, monthName, day, hour, minute, second, year, zone] = match;
    return build(Number(year), month(monthName), Number(day), Number(hour), Number(minute), Number(second ?? 0), 0, zoneOffsetMinutes(zone));
  }
  return undefined;
}

/** A feed date as an ISO 8601 UTC string, or null when absent or unreadable. */
export function parseFeedDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(/\s+/g, ' ');
  if (!text || text.length > 100) return null;
  const iso = parseIso(text);
  if (iso !== undefined) return iso;
  const rfc = parseRfc822(text);
  if (rfc !== undefined) return rfc;
  return null;
}

/** The first readable date among candidates (published before updated, as the caller orders them). */
export function firstFeedDate(...candidates: unknown[]): string | null {
  for (const candidate of candidates) {
    const date = parseFeedDate(candidate);
    if (date) return date;
  }
  return null;
}
