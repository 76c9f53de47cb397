import type { z } from 'zod';
import type { ParsedArgs } from '../../shared/contract';
import { ContractFailure } from '../../shared/result';
import type { ServiceDefinition } from '../../workers/services/service';
import { compileMatcher, FilterSyntaxError } from './filters';
import type { AccountStore } from './store/account-store';
import type { TriggerFields } from './store/trigger-store';
import { unknownPlaceholders } from './template';

// Turns a trigger as the user typed it into what is stored: services and accounts checked, each
// side's parameters validated with its service's schema (issues keep their path, so the window can
// show them next to the field), secret parameters split off for the secret store.

export type ParsedTriggerInput = ParsedArgs<'triggers.create'>;

export interface ResolvedTrigger {
  fields: TriggerFields;
  secrets: { provider: Record<string, string>; consumer: Record<string, string> };
  provider: ServiceDefinition;
  consumer: ServiceDefinition;
}

type Issue = { path: string; message: string };

function issuesOf(error: z.ZodError, prefix: string): Issue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** Splits secret fields off validated parameters. Empty secrets are dropped (meaning "keep"). */
export function splitSecrets(
  values: Record<string, unknown>,
  secretNames: readonly string[],
): { plain: Record<string, unknown>; secrets: Record<string, string> } {
  const plain: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (secretNames.includes(key)) {
      if (typeof value === 'string' && value !== '') secrets[key] = value;
    } else {
      plain[key] = value;
    }
  }
  return { plain, secrets };
}

function validateSide(
  side: 'provider' | 'consumer',
  endpoint: ParsedTriggerInput['provider'],
  findService: (id: string) => ServiceDefinition | undefined,
  accounts: AccountStore,
  issues: Issue[],
): { definition: ServiceDefinition; params: Record<string, unknown>; secrets: Record<string, string> } | null {
  const definition = findService(endpoint.service);
  if (!definition) {
    issues.push({ path: `${side}.service`, message: `Unknown service "${endpoint.service}"` });
    return null;
  }
  const schema = side === 'provider' ? definition.providerSchema : definition.consumerSchema;
  if (!schema) {
    issues.push({ path: `${side}.service`, message: `${definition.label} cannot be a ${side}` });
    return null;
  }
  if (definition.accountSchema) {
    if (endpoint.accountId === null) {
      issues.push({ path: `${side}.accountId`, message: `${definition.label} needs an account` });
    } else {
      const account = accounts.get(endpoint.accountId);
      if (!account || account.service !== definition.id) {
        issues.push({ path: `${side}.accountId`, message: `Account ${endpoint.accountId} is not a ${definition.label} account` });
      }
    }
  } else if (endpoint.accountId !== null) {
    issues.push({ path: `${side}.accountId`, message: `${definition.label} takes no account` });
  }
  const parsed = schema.safeParse(endpoint.params);
  if (!parsed.success) {
    issues.push(...issuesOf(parsed.error, `${side}.params`));
    return null;
  }
  const { plain, secrets } = splitSecrets(parsed.data, definition.secretParams);
  return { definition, params: plain, secrets };
}

export function resolveTriggerInput(
  input: ParsedTriggerInput,
  findService: (id: string) => ServiceDefinition | undefined,
  accounts: AccountStore,
): ResolvedTrigger {
  const issues: Issue[] = [];
  const provider = validateSide('provider', input.provider, findService, accounts, issues);
  const consumer = validateSide('consumer', input.consumer, findService, accounts, issues);
  for (const [field, words] of [['include', input.include], ['exclude', input.exclude]] as const) {
    words.forEach((word, index) => {
      try {
        compileMatcher(word);
      } catch (error) {
        if (error instanceof FilterSyntaxError) issues.push({ path: `${field}.${index}`, message: error.message });
        else throw error;
      }
    });
  }
  const unknown = unknownPlaceholders(input.template);
  if (unknown.length > 0) {
    issues.push({ path: 'template', message: `Unknown placeholder${unknown.length > 1 ? 's' : ''}: ${unknown.map((name) => `{{${name}}}`).join(', ')}` });
  }
  if (issues.length > 0 || !provider || !consumer) {
    const first = issues[0];
    throw new ContractFailure('invalid-argument', first ? `${first.path}: ${first.message}` : 'Invalid trigger', issues);
  }
  const sourceKey =
    provider.definition.sourceKey?.(provider.params, null) ??
    `${provider.definition.id}:${input.provider.accountId ?? ''}:${stableJson(provider.params)}`;
  return {
    provider: provider.definition,
    consumer: consumer.definition,
    secrets: { provider: provider.secrets, consumer: consumer.secrets },
    fields: {
      name: input.name,
      enabled: input.enabled,
      providerService: provider.definition.id,
      providerAccountId: input.provider.accountId,
      providerParams: provider.params,
      sourceKey: input.provider.accountId === null ? sourceKey : `${sourceKey}#account:${input.provider.accountId}`,
      consumerService: consumer.definition.id,
      consumerAccountId: input.consumer.accountId,
      consumerParams: consumer.params,
      intervalSeconds: input.intervalSeconds ?? null,
      include: input.include,
      exclude: input.exclude,
      template: input.template,
      maxPerRun: input.maxPerRun,
      notify: input.notify,
      firstRunLatest: input.firstRunLatest,
    },
  };
}

/** JSON with sorted keys, so equal parameter objects give equal source keys. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
