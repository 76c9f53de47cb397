// Durations as people type them on the command line: "90s", "15m", "2h", "1d", or combined
// ("1h30m"). A bare number is refused because "15" could mean seconds or minutes.

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const PART = /\s*(\d+(?:\.\d+)?)\s*([smhd])/gy;

/** Seconds in `text`, or an Error whose message says what is wrong. */
export function parseDuration(text: string): number {
  const input = text.trim().toLowerCase();
  if (input === '') throw new Error('a duration is required, e.g. 15m');
  if (/^\d+(\.\d+)?$/.test(input)) throw new Error(`"${text}" needs a unit: s, m, h or d (e.g. ${input}m)`);
  PART.lastIndex = 0;
  let seconds = 0;
  let consumed = 0;
  for (let match = PART.exec(input); match !== null; match = PART.exec(input)) {
    seconds += Number(match[1]) * (UNIT_SECONDS[match[2] ?? ''] ?? Number.NaN);
    consumed = PART.lastIndex;
  }
  if (consumed !== input.length || !Number.isFinite(seconds)) {
    throw new Error(`"${text}" is not a duration; use a number and a unit: 90s, 15m, 2h, 1d`);
  }
  if (!Number.isInteger(seconds)) throw new Error(`"${text}" is not a whole number of seconds`);
  return seconds;
}

/** 900 → "15m", 5400 → "1h30m", 86400 → "1d". */
export function formatDuration(totalSeconds: number): string {
  if (totalSeconds <= 0) return '0s';
  let rest = Math.round(totalSeconds);
  let text = '';
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}
