import type { JsonSchema } from '../../shared/models';
import { isRecord, itemsOf, kindOf, propertiesOf, type ValueKind } from './json-schema-reading';
import type { ParamPair } from './param-pair';
import { UsageError } from './usage-error';

// Command-line parameters are strings; services declare typed parameters as JSON Schema (what
// 'services.list' sends to every front end). This turns each `key=value` into the declared type —
// lists split on commas, numbers, booleans — and refuses keys the service does not have, so a typo
// is an error instead of a silently ignored parameter. Range and format checks stay with the
// service's own schema.

export interface ParamTarget {
  /** The flag the pairs came from, for messages: "--consumer-param". */
  flag: string;
  service: string;
  /** The service's parameter schema for this role; null when it takes no parameters. */
  schema: JsonSchema | null;
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

function coerceScalar(raw: string, kind: Exclude<ValueKind, 'array'>, where: string): unknown {
  switch (kind) {
    case 'number':
    case 'integer': {
      const text = raw.trim();
      const value = text === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(value)) throw new UsageError(`${where}: "${raw}" is not a number`);
      if (kind === 'integer' && !Number.isInteger(value)) throw new UsageError(`${where}: "${raw}" is not a whole number`);
      return value;
    }
    case 'boolean': {
      const word = raw.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      throw new UsageError(`${where}: "${raw}" is not true or false`);
    }
    case 'object':
      try {
        const value: unknown = JSON.parse(raw);
        if (isRecord(value)) return value;
      } catch {
        // reported below
      }
      throw new UsageError(`${where}: expected a JSON object, got "${raw}"`);
    case 'string':
      return raw;
  }
}

export function coerceParams(pairs: readonly ParamPair[], target: ParamTarget): Record<string, unknown> {
  const properties = propertiesOf(target.schema);
  const known = Object.keys(properties);
  const params: Record<string, unknown> = {};
  for (const { key, value } of pairs) {
    const where = `${target.flag} ${key}`;
    if (!Object.prototype.hasOwnProperty.call(properties, key)) {
      const expected = known.length > 0 ? `it takes ${known.join(', ')}` : 'it takes no parameters';
      throw new UsageError(`${target.flag} "${key}" is not a parameter of service "${target.service}" (${expected})`);
    }
    const property = properties[key];
    const kind = kindOf(property);
    if (kind === 'array') {
      const itemKind = kindOf(itemsOf(property));
      const pieces = value
        .split(',')
        .map((piece) => piece.trim())
        .filter((piece) => piece !== '')
        .map((piece) => coerceScalar(piece, itemKind === 'array' ? 'string' : itemKind, where));
      const earlier = params[key];
      params[key] = Array.isArray(earlier) ? [...(earlier as unknown[]), ...pieces] : pieces;
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(params, key)) throw new UsageError(`${where} is given more than once`);
    params[key] = coerceScalar(value, kind, where);
  }
  return params;
}
