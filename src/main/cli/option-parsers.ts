import { InvalidArgumentError } from 'commander';
import { parseDuration } from './duration';
import { parseParamPair, type ParamPair } from './param-pair';

// Parsers commander runs on option values and arguments as it reads them, so a malformed value is
// reported by commander itself (one line, exit 2) before any command starts.

function wholeNumber(value: string, min: number, max: number, expected: string): number {
  const text = value.trim();
  const number = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) throw new InvalidArgumentError(`Expected ${expected}.`);
  return number;
}

/** A trigger, item or account id. */
export function parseId(value: string): number {
  return wholeNumber(value, 1, Number.MAX_SAFE_INTEGER, 'an id (a whole number from 1)');
}

export function integerBetween(min: number, max: number): (value: string) => number {
  return (value) => wholeNumber(value, min, max, `a whole number from ${min} to ${max}`);
}

export function parsePort(value: string): number {
  return wholeNumber(value, 0, 65_535, 'a port number from 0 to 65535');
}

/** `--interval 15m` → 900 seconds. */
export function parseInterval(value: string): number {
  try {
    return parseDuration(value);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
}

/** Repeatable option: every value, in order. */
export function collectValues(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Repeatable `key=value` option. */
export function collectParamPairs(value: string, previous: ParamPair[] | undefined): ParamPair[] {
  try {
    return [...(previous ?? []), parseParamPair(value)];
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
}
