import { describe, expect, it } from 'vitest';
import type { ServiceInfo, TriggerView } from '../../../src/shared/models';
import { draftFromTrigger, emptyDraft, errorsFromContract, inputFromDraft } from '../../../src/renderer/src/views/triggers/trigger-draft';

const services: ServiceInfo[] = [
  {
    id: 'rss',
    label: 'Feed',
    description: '',
    capabilities: ['provider'],
    needsAccount: false,
    accountSchema: null,
    providerSchema: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] },
    consumerSchema: null,
    secretFields: [],
    maxLength: null,
  },
  {
    id: 'webhook',
    label: 'Webhook',
    description: '',
    capabilities: ['consumer'],
    needsAccount: false,
    accountSchema: null,
    providerSchema: null,
    consumerSchema: { type: 'object', properties: { url: { type: 'string' }, secret: { type: 'string' } }, required: ['url'] },
    secretFields: ['secret'],
    maxLength: null,
  },
];
const byId = new Map(services.map((s) => [s.id, s]));

describe('trigger draft', () => {
  it('starts with the first provider and consumer and the contract defaults', () => {
    const draft = emptyDraft(services);
    expect([draft.providerService, draft.consumerService, draft.maxPerRun, draft.firstRun]).toEqual(['rss', 'webhook', '10', 'baseline']);
  });

  it('turns minutes into seconds, leaves the interval out when empty, and sends firstRunLatest only when asked', () => {
    const draft = { ...emptyDraft(services), name: 'Blog', providerParams: { url: 'http://127.0.0.1/feed' }, consumerParams: { url: 'http://127.0.0.1/hook', secret: '' } };
    const input = inputFromDraft(draft, byId);
    expect(input).toMatchObject({ name: 'Blog', maxPerRun: 10, firstRunLatest: 0, provider: { service: 'rss', params: { url: 'http://127.0.0.1/feed' } } });
    expect(input.consumer.params).toEqual({ url: 'http://127.0.0.1/hook' });
    expect('intervalSeconds' in input).toBe(false);
    expect(inputFromDraft({ ...draft, intervalMinutes: '30', firstRun: 'latest', firstRunLatest: '3' }, byId)).toMatchObject({ intervalSeconds: 1800, firstRunLatest: 3 });
  });

  it('round-trips a saved trigger, secrets shown only as set', () => {
    const view = {
      id: 4,
      name: 'Blog',
      enabled: false,
      provider: { service: 'rss', accountId: null, params: { url: 'http://127.0.0.1/feed' }, secretsSet: [] },
      consumer: { service: 'webhook', accountId: null, params: { url: 'http://127.0.0.1/hook' }, secretsSet: ['secret'] },
      intervalSeconds: null,
      include: ['django'],
      exclude: [],
      template: '{{title}}',
      maxPerRun: 5,
      notify: false,
      firstRunLatest: 2,
    } as unknown as TriggerView;
    const draft = draftFromTrigger(view, byId);
    expect(draft).toMatchObject({ enabled: false, intervalMinutes: '', consumerSecretsSet: ['secret'], consumerParams: { url: 'http://127.0.0.1/hook', secret: '' }, firstRun: 'latest', firstRunLatest: '2' });
    expect(inputFromDraft(draft, byId)).toMatchObject({ name: 'Blog', enabled: false, include: ['django'], maxPerRun: 5, notify: false, firstRunLatest: 2 });
  });

  it('spreads the contract issues over the fields they name', () => {
    const errors = errorsFromContract({
      code: 'invalid-argument',
      message: 'x',
      issues: [
        { path: 'name', message: 'A trigger needs a name' },
        { path: 'provider.params.url', message: 'Must be an http:// or https:// URL' },
        { path: 'consumer.accountId', message: 'needs an account' },
        { path: 'intervalSeconds', message: 'Too small' },
        { path: 'include.0', message: 'Bad pattern' },
      ],
    });
    expect(errors).toEqual({
      fields: { name: 'A trigger needs a name', intervalMinutes: 'Too small', include: 'Bad pattern' },
      provider: { url: 'Must be an http:// or https:// URL' },
      consumer: { _service: 'needs an account' },
    });
  });
});
