/**
 * Filter words given as `--include a,b --include "c d"`: each flag value is split on commas,
 * trimmed, and empty pieces dropped; the order is kept and repeats removed.
 */
export function splitWords(values: readonly string[]): string[] {
  const words = values.flatMap((value) => value.split(',')).map((word) => word.trim()).filter((word) => word !== '');
  return [...new Set(words)];
}
