import type { TriggerInput } from '../../../../shared/contract';
import type { ServiceInfo, TriggerView } from '../../../../shared/models';
import type { ContractError } from '../../../../shared/result';
import { fieldsOf, paramsFromRaw, rawFromParams, type RawValues } from '../../schema-form/schema-fields';

// The trigger editor's state while the user types (text in inputs, not yet numbers), and the two
// conversions: from a saved trigger, and to the contract's TriggerInput. Validation is the
// engine's: its `issues` come back keyed by path and are spread over the fields here.

export interface TriggerDraft {
  name: string;
  enabled: boolean;
  providerService: string;
  providerAccountId: number | null;
  providerParams: RawValues;
  consumerService: string;
  consumerAccountId: number | null;
  consumerParams: RawValues;
  /** Secret parameters that hold a value (write-only: only their names come back). */
  providerSecretsSet: string[];
  consumerSecretsSet: string[];
  /** Minutes; empty means the default fetch interval from Settings. */
  intervalMinutes: string;
  include: string[];
  exclude: string[];
  template: string;
  maxPerRun: string;
  notify: boolean;
  firstRun: 'baseline' | 'latest';
  firstRunLatest: string;
}

export function providerFields(service: ServiceInfo | undefined) {
  return fieldsOf(service?.providerSchema ?? null, service?.secretFields ?? []);
}

export function consumerFields(service: ServiceInfo | undefined) {
  return fieldsOf(service?.consumerSchema ?? null, service?.secretFields ?? []);
}

export function emptyDraft(services: readonly ServiceInfo[]): TriggerDraft {
  const provider = services.find((s) => s.capabilities.includes('provider'));
  const consumer = services.find((s) => s.capabilities.includes('consumer'));
  return {
    name: '',
    enabled: true,
    providerService: provider?.id ?? '',
    providerAccountId: null,
    providerParams: rawFromParams(providerFields(provider), {}),
    consumerService: consumer?.id ?? '',
    consumerAccountId: null,
    consumerParams: rawFromParams(consumerFields(consumer), {}),
    providerSecretsSet: [],
    consumerSecretsSet: [],
    intervalMinutes: '',
    include: [],
    exclude: [],
    template: '',
    maxPerRun: '10',
    notify: true,
    firstRun: 'baseline',
    firstRunLatest: '5',
  };
}

export function draftFromTrigger(trigger: TriggerView, byId: Map<string, ServiceInfo>): TriggerDraft {
  return {
    name: trigger.name,
    enabled: trigger.enabled,
    providerService: trigger.provider.service,
    providerAccountId: trigger.provider.accountId,
    providerParams: rawFromParams(providerFields(byId.get(trigger.provider.service)), trigger.provider.params),
    consumerService: trigger.consumer.service,
    consumerAccountId: trigger.consumer.accountId,
    consumerParams: rawFromParams(consumerFields(byId.get(trigger.consumer.service)), trigger.consumer.params),
    providerSecretsSet: trigger.provider.secretsSet,
    consumerSecretsSet: trigger.consumer.secretsSet,
    intervalMinutes: trigger.intervalSeconds === null ? '' : String(Math.round(trigger.intervalSeconds / 60)),
    include: trigger.include,
    exclude: trigger.exclude,
    template: trigger.template,
    maxPerRun: String(trigger.maxPerRun),
    notify: trigger.notify,
    firstRun: trigger.firstRunLatest > 0 ? 'latest' : 'baseline',
    firstRunLatest: String(trigger.firstRunLatest > 0 ? trigger.firstRunLatest : 5),
  };
}

/** Text the user typed as a number; unparsable text goes through so the engine names the field. */
function numberOrText(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

export function inputFromDraft(draft: TriggerDraft, byId: Map<string, ServiceInfo>): TriggerInput {
  const minutes = numberOrText(draft.intervalMinutes);
  return {
    name: draft.name,
    enabled: draft.enabled,
    provider: { service: draft.providerService, accountId: draft.providerAccountId, params: paramsFromRaw(providerFields(byId.get(draft.providerService)), draft.providerParams) },
    consumer: { service: draft.consumerService, accountId: draft.consumerAccountId, params: paramsFromRaw(consumerFields(byId.get(draft.consumerService)), draft.consumerParams) },
    ...(draft.intervalMinutes.trim() === '' ? {} : { intervalSeconds: Number.isFinite(minutes) ? Math.round(minutes * 60) : minutes }),
    include: draft.include,
    exclude: draft.exclude,
    template: draft.template,
    maxPerRun: numberOrText(draft.maxPerRun),
    notify: draft.notify,
    firstRunLatest: draft.firstRun === 'latest' ? numberOrText(draft.firstRunLatest) : 0,
  };
}

export interface DraftErrors {
  /** Top-level fields: name, intervalMinutes, maxPerRun, template, include, exclude, firstRunLatest. */
  fields: Record<string, string>;
  provider: Record<string, string>;
  consumer: Record<string, string>;
}

export const NO_ERRORS: DraftErrors = { fields: {}, provider: {}, consumer: {} };

const TOP_LEVEL: Record<string, string> = { intervalSeconds: 'intervalMinutes' };

export function errorsFromContract(error: ContractError): DraftErrors {
  const result: DraftErrors = { fields: {}, provider: {}, consumer: {} };
  for (const issue of error.issues ?? []) {
    const [first = '', second, third] = issue.path.split('.');
    if ((first === 'provider' || first === 'consumer') && second === 'params' && third) {
      result[first][third] ??= issue.message;
    } else if (first === 'provider' || first === 'consumer') {
      result[first]._service ??= issue.message;
    } else if (first) {
      result.fields[TOP_LEVEL[first] ?? first] ??= issue.message;
    }
  }
  return result;
}

export function hasErrors(errors: DraftErrors): boolean {
  return Object.keys(errors.fields).length + Object.keys(errors.provider).length + Object.keys(errors.consumer).length > 0;
}
