import type { JsonSchema } from '../../shared/models';

// Reading the parts of a service's parameter schema (JSON Schema, as zod's toJSONSchema writes it)
// the command needs: the properties, which are required, and each one's type, looking through the
// `anyOf`/`oneOf` wrappers optional and nullable fields get.

export type ValueKind = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

const KINDS: readonly string[] = ['string', 'number', 'integer', 'boolean', 'array', 'object'];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

export function propertiesOf(schema: JsonSchema | null): Record<string, unknown> {
  return schema && isRecord(schema.properties) ? schema.properties : {};
}

export function requiredOf(schema: JsonSchema | null): Set<string> {
  return new Set(listOf(schema?.required).filter((key): key is string => typeof key === 'string'));
}

/** The declared type of a property; 'string' when the schema does not say. */
export function kindOf(schema: unknown): ValueKind {
  if (!isRecord(schema)) return 'string';
  const types = (Array.isArray(schema.type) ? listOf(schema.type) : [schema.type]).filter((entry) => entry !== 'null');
  const declared = types.find((entry): entry is ValueKind => typeof entry === 'string' && KINDS.includes(entry));
  if (declared) return declared;
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const typed = listOf(schema[key]).find((option) => isRecord(option) && option.type !== 'null');
    if (typed !== undefined) return kindOf(typed);
  }
  const sample = listOf(schema.enum).find((entry) => entry !== null);
  if (typeof sample === 'number') return 'number';
  if (typeof sample === 'boolean') return 'boolean';
  return 'string';
}

/** The schema of a list property's items. */
export function itemsOf(schema: unknown): unknown {
  if (!isRecord(schema)) return undefined;
  if (schema.items !== undefined) return schema.items;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = listOf(schema[key]).find((option) => isRecord(option) && option.type === 'array');
    if (list !== undefined) return itemsOf(list);
  }
  return undefined;
}
