import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JsonSchema } from '../../src/shared/models';
import { coerceParams } from '../../src/main/cli/param-coercion';
import { parseParamPair, type ParamPair } from '../../src/main/cli/param-pair';
import { UsageError } from '../../src/main/cli/usage-error';

// Schemas as the engine sends them: zod's JSON Schema of a service's parameters.
const schema = z.toJSONSchema(
  z.object({
    url: z.string(),
    tags: z.array(z.string()).default([]),
    ports: z.array(z.number().int()).optional(),
    limit: z.number().int().optional(),
    ratio: z.number().nullable().optional(),
    draft: z.boolean().default(false),
    mode: z.enum(['a', 'b']).optional(),
  }),
  { io: 'input' },
) as JsonSchema;

const pairs = (...texts: string[]): ParamPair[] => texts.map(parseParamPair);
const coerce = (...texts: string[]) => coerceParams(pairs(...texts), { flag: '--consumer-param', service: 'demo', schema });

describe('key=value pairs', () => {
  it('splits on the first "=" only', () => {
    expect(parseParamPair('url=https://example.org/?a=1&b=2')).toEqual({ key: 'url', value: 'https://example.org/?a=1&b=2' });
    expect(parseParamPair('tags=')).toEqual({ key: 'tags', value: '' });
  });

  it('refuses text without a key', () => {
    expect(() => parseParamPair('url')).toThrow(/key=value/);
    expect(() => parseParamPair('=x')).toThrow(/key=value/);
  });
});

describe('parameter coercion against a service schema', () => {
  it('keeps strings as typed', () => {
    expect(coerce('url=https://example.org/feed', 'mode=a')).toEqual({ url: 'https://example.org/feed', mode: 'a' });
  });

  it('splits lists on commas, trims, drops empty pieces and appends repeats', () => {
    expect(coerce('tags=a, b,,c', 'tags=d')).toEqual({ tags: ['a', 'b', 'c', 'd'] });
    expect(coerce('tags=')).toEqual({ tags: [] });
  });

  it('converts numbers, list items and nullable numbers', () => {
    expect(coerce('limit=5', 'ratio=0.5', 'ports=80,443')).toEqual({ limit: 5, ratio: 0.5, ports: [80, 443] });
  });

  it('converts booleans in their usual spellings', () => {
    for (const word of ['true', 'yes', 'on', '1', 'TRUE']) expect(coerce(`draft=${word}`)).toEqual({ draft: true });
    for (const word of ['false', 'no', 'off', '0']) expect(coerce(`draft=${word}`)).toEqual({ draft: false });
  });

  it('refuses malformed numbers and booleans, naming flag and key', () => {
    expect(() => coerce('limit=five')).toThrow('--consumer-param limit: "five" is not a number');
    expect(() => coerce('limit=1.5')).toThrow('--consumer-param limit: "1.5" is not a whole number');
    expect(() => coerce('limit=')).toThrow(/is not a number/);
    expect(() => coerce('ports=80,x')).toThrow(/"x" is not a number/);
    expect(() => coerce('draft=maybe')).toThrow('--consumer-param draft: "maybe" is not true or false');
  });

  it('refuses unknown keys and lists the known ones', () => {
    expect(() => coerce('urll=x')).toThrow(UsageError);
    expect(() => coerce('urll=x')).toThrow('--consumer-param "urll" is not a parameter of service "demo" (it takes url, tags, ports, limit, ratio, draft, mode)');
  });

  it('refuses a parameter for a service that takes none', () => {
    expect(() => coerceParams(pairs('x=1'), { flag: '--provider-param', service: 'none', schema: null })).toThrow(/it takes no parameters/);
  });

  it('refuses a single value given twice', () => {
    expect(() => coerce('url=a', 'url=b')).toThrow('--consumer-param url is given more than once');
  });

  it('does not let "__proto__" or inherited names through', () => {
    expect(() => coerce('__proto__=x')).toThrow(/is not a parameter/);
    expect(() => coerce('toString=x')).toThrow(/is not a parameter/);
  });
});
