import type { JsonSchema } from '../../../shared/models';

// Reads the JSON Schemas the engine sends (zod's toJSONSchema output for each service's provider,
// consumer and account parameters) into the few field shapes our forms draw: text, URL, secret,
// number, boolean, a choice, and lists of strings. Anything else is reported as unsupported rather
// than silently dropped, so a new service with a richer schema is visible in review.

export type FieldKind = 'text' | 'url' | 'secret' | 'number' | 'integer' | 'boolean' | 'choice' | 'string-list' | 'unsupported';

export interface SchemaField {
  name: string;
  label: string;
  description: string | null;
  kind: FieldKind;
  required: boolean;
  defaultValue: unknown;
  choices: string[];
  minimum: number | null;
  maximum: number | null;
  maxLength: number | null;
  pattern: string | null;
}

/** What an input holds while the user edits: text for text and numbers, a flag, a list. */
export type RawValue = string | boolean | string[];
export type RawValues = Record<string, RawValue>;

type Node = Record<string, unknown>;

function asNode(value: unknown): Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : {};
}

/** `anyOf: [X, {type: 'null'}]` (nullable) reads as X. */
function unwrapNullable(node: Node): Node {
  const options = Array.isArray(node.anyOf) ? (node.anyOf as unknown[]).map(asNode) : null;
  if (!options) return node;
  const nonNull = options.filter((option) => option.type !== 'null');
  const only = nonNull[0];
  return nonNull.length === 1 && only ? { ...only, description: node.description ?? only.description, default: node.default ?? only.default } : node;
}

const ACRONYMS: Record<string, string> = { url: 'URL', id: 'ID', api: 'API', html: 'HTML' };

export function labelFor(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word.toLowerCase());
  const [first = '', ...rest] = words;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ');
}

function kindOf(name: string, node: Node, secret: boolean): FieldKind {
  const type = node.type;
  if (type === 'string') {
    if (Array.isArray(node.enum)) return 'choice';
    if (secret || node.writeOnly === true || node.format === 'password') return 'secret';
    if (node.format === 'uri' || node.format === 'url' || /url$/i.test(name)) return 'url';
    return 'text';
  }
  if (type === 'number') return 'number';
  if (type === 'integer') return 'integer';
  if (type === 'boolean') return 'boolean';
  if (type === 'array' && asNode(node.items).type === 'string') return 'string-list';
  if (Array.isArray(node.enum) && node.enum.every((v) => typeof v === 'string')) return 'choice';
  return 'unsupported';
}

export function fieldsOf(schema: JsonSchema | null, secretNames: readonly string[] = []): SchemaField[] {
  if (!schema) return [];
  const properties = asNode(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(properties).map(([name, raw]) => {
    const node = unwrapNullable(asNode(raw));
    const number = (key: string): number | null => {
      const value = node[key];
      return typeof value === 'number' ? value : null;
    };
    return {
      name,
      label: typeof node.title === 'string' ? node.title : labelFor(name),
      description: typeof node.description === 'string' ? node.description : null,
      kind: kindOf(name, node, secretNames.includes(name)),
      // Fields with a default are optional to fill in, whatever the schema's io mode says.
      required: required.has(name) && node.default === undefined,
      defaultValue: node.default,
      choices: Array.isArray(node.enum) ? (node.enum as unknown[]).map(String) : [],
      minimum: number('minimum'),
      maximum: number('maximum'),
      maxLength: number('maxLength'),
      pattern: typeof node.pattern === 'string' ? node.pattern : null,
    };
  });
}

/** Saved parameters → what the inputs show. Secrets start empty: they are never sent back. */
export function rawFromParams(fields: readonly SchemaField[], params: Record<string, unknown>): RawValues {
  const raw: RawValues = {};
  for (const field of fields) {
    const value = params[field.name] ?? field.defaultValue;
    switch (field.kind) {
      case 'boolean':
        raw[field.name] = value === true;
        break;
      case 'string-list':
        raw[field.name] = Array.isArray(value) ? value.map(String) : [];
        break;
      case 'secret':
        raw[field.name] = '';
        break;
      default:
        raw[field.name] = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    }
  }
  return raw;
}

/**
 * What the inputs hold → parameters for the contract. Empty optional fields are left out (so the
 * engine applies its defaults), empty secrets too (the engine keeps the stored one). Numbers that do
 * not parse are sent as typed so the engine's validation message names the field.
 */
export function paramsFromRaw(fields: readonly SchemaField[], raw: RawValues): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of fields) {
    const value = raw[field.name];
    if (value === undefined) continue;
    if (field.kind === 'boolean') params[field.name] = value === true;
    else if (field.kind === 'string-list') params[field.name] = Array.isArray(value) ? value : [];
    else if (typeof value === 'string') {
      const text = field.kind === 'secret' ? value : value.trim();
      if (text === '') {
        if (field.required && field.kind !== 'secret') params[field.name] = '';
        continue;
      }
      if (field.kind === 'number' || field.kind === 'integer') {
        const parsed = Number(text);
        params[field.name] = Number.isFinite(parsed) ? parsed : text;
      } else params[field.name] = text;
    }
  }
  return params;
}

/** Problems the window can tell before asking the engine: required fields left empty. */
export function missingRequired(fields: readonly SchemaField[], raw: RawValues): Record<string, string> {
  const missing: Record<string, string> = {};
  for (const field of fields) {
    if (!field.required || field.kind === 'secret' || field.kind === 'boolean') continue;
    const value = raw[field.name];
    if (value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0)) {
      missing[field.name] = `${field.label} is required`;
    }
  }
  return missing;
}
