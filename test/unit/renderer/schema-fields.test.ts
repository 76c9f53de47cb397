import { describe, expect, it } from 'vitest';
import { fieldsOf, labelFor, missingRequired, paramsFromRaw, rawFromParams } from '../../../src/renderer/src/schema-form/schema-fields';

// The schemas below are what zod's toJSONSchema (io: 'input') produces for our three services.
const webhook = {
  type: 'object',
  properties: {
    url: { type: 'string', minLength: 1, description: 'Endpoint that receives a JSON POST per item' },
    secret: { type: 'string', pattern: '^(whsec_)?[A-Za-z0-9+/]+={0,2}$', description: 'Signing secret' },
  },
  required: ['url'],
};
const markdown = {
  type: 'object',
  properties: {
    folder: { type: 'string', minLength: 1 },
    subfolder: { default: '', type: 'string', maxLength: 200 },
    tags: { default: [], type: 'array', items: { type: 'string' } },
  },
  required: ['folder'],
};

describe('schema fields', () => {
  it('reads kinds, labels, required flags and secrets', () => {
    const fields = fieldsOf(webhook, ['secret']);
    expect(fields.map((f) => [f.name, f.kind, f.label, f.required])).toEqual([
      ['url', 'url', 'URL', true],
      ['secret', 'secret', 'Secret', false],
    ]);
    const notes = fieldsOf(markdown);
    expect(notes.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['folder', 'text', true],
      ['subfolder', 'text', false],
      ['tags', 'string-list', false],
    ]);
  });

  it('reads nullable options as their type and reports what it cannot draw', () => {
    const fields = fieldsOf({ type: 'object', properties: { limit: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] }, nested: { type: 'object' } } });
    expect(fields.map((f) => [f.name, f.kind, f.minimum])).toEqual([
      ['limit', 'integer', 1],
      ['nested', 'unsupported', null],
    ]);
  });

  it('labels camelCase and snake_case names', () => {
    expect(labelFor('baseUrl')).toBe('Base URL');
    expect(labelFor('api_token')).toBe('API token');
  });

  it('never shows a stored secret and leaves an empty one out, so the engine keeps it', () => {
    const fields = fieldsOf(webhook, ['secret']);
    const raw = rawFromParams(fields, { url: 'http://127.0.0.1/hook', secret: 'whsec_abc' });
    expect(raw).toEqual({ url: 'http://127.0.0.1/hook', secret: '' });
    expect(paramsFromRaw(fields, raw)).toEqual({ url: 'http://127.0.0.1/hook' });
    expect(paramsFromRaw(fields, { ...raw, secret: 'whsec_new' })).toEqual({ url: 'http://127.0.0.1/hook', secret: 'whsec_new' });
  });

  it('omits empty optional fields, keeps lists, and flags empty required ones', () => {
    const fields = fieldsOf(markdown);
    const raw = rawFromParams(fields, {});
    expect(raw).toEqual({ folder: '', subfolder: '', tags: [] });
    expect(missingRequired(fields, raw)).toEqual({ folder: 'Folder is required' });
    expect(paramsFromRaw(fields, { ...raw, folder: ' /notes ', tags: ['a'] })).toEqual({ folder: '/notes', tags: ['a'] });
  });

  it('turns typed numbers into numbers and leaves garbage for the engine to name', () => {
    const fields = fieldsOf({ type: 'object', properties: { limit: { type: 'integer' } } });
    expect(paramsFromRaw(fields, { limit: '12' })).toEqual({ limit: 12 });
    expect(paramsFromRaw(fields, { limit: 'twelve' })).toEqual({ limit: 'twelve' });
  });
});
