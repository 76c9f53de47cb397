import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { findServiceDefinition, serviceDefinitions } from '../../workers/services/definitions';
import type { ServiceDefinition } from '../../workers/services/service';
import { coerceParams } from './param-coercion';
import type { ParamPair } from './param-pair';
import { parameterSchemaOf, type EndpointRole } from './service-schemas';
import { UsageError } from './usage-error';

// `--provider rss --provider-param url=…` (or the consumer's) into the endpoint of a trigger,
// checked against the service's definition before the engine is opened: an unknown service, a
// service that cannot play this role, an unknown, missing or malformed parameter each stop the
// command with one line naming the flag at fault.

export interface EndpointFlags {
  service: string;
  params: readonly ParamPair[];
  accountId?: number | undefined;
}

export interface Endpoint {
  service: string;
  accountId: number | null;
  params: Record<string, unknown>;
}

/**
 * Parameters that name a folder on this machine. The command resolves them against the directory
 * it was run from, because the engine may later run from anywhere (`run` under a service manager).
 */
const FOLDER_PARAMS: Readonly<Record<string, readonly string[]>> = { markdown: ['folder'] };

function absoluteFolder(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '~') return homedir();
  if (trimmed.startsWith('~/')) return resolve(homedir(), trimmed.slice(2));
  return resolve(trimmed);
}

function schemaOf(definition: ServiceDefinition, role: EndpointRole): z.ZodObject | null {
  return role === 'provider' ? definition.providerSchema : definition.consumerSchema;
}

function firstProblem(error: z.ZodError, params: Record<string, unknown>, flag: string, service: string): string {
  const issue = error.issues[0];
  const key = issue?.path.map(String).join('.') ?? '';
  const top = String(issue?.path[0] ?? '');
  if (top !== '' && !Object.prototype.hasOwnProperty.call(params, top)) {
    return `${flag} ${top}=… is required by service "${service}"`;
  }
  return `${flag} ${key || '(parameters)'}: ${issue?.message ?? 'invalid value'}`;
}

export function endpointFromFlags(role: EndpointRole, flags: EndpointFlags): Endpoint {
  const option = `--${role}`;
  const paramFlag = `--${role}-param`;
  const capable = serviceDefinitions.filter((definition) => schemaOf(definition, role) !== null).map((definition) => definition.id);
  const definition = findServiceDefinition(flags.service.trim());
  if (!definition) {
    throw new UsageError(`${option}: unknown service "${flags.service}" (${role}s: ${capable.join(', ')})`);
  }
  const schema = schemaOf(definition, role);
  if (!schema) {
    throw new UsageError(`${option}: service "${definition.id}" cannot be a ${role} (${role}s: ${capable.join(', ')})`);
  }
  if (definition.accountSchema && flags.accountId === undefined) {
    throw new UsageError(`${option}: service "${definition.id}" needs an account; give --${role}-account ID`);
  }
  if (!definition.accountSchema && flags.accountId !== undefined) {
    throw new UsageError(`--${role}-account: service "${definition.id}" takes no account`);
  }

  const params = coerceParams(flags.params, { flag: paramFlag, service: definition.id, schema: parameterSchemaOf(definition, role) });
  for (const key of FOLDER_PARAMS[definition.id] ?? []) {
    const value = params[key];
    if (typeof value === 'string' && value.trim() !== '') params[key] = absoluteFolder(value);
  }
  const checked = schema.safeParse(params);
  if (!checked.success) throw new UsageError(firstProblem(checked.error, params, paramFlag, definition.id));
  return { service: definition.id, accountId: flags.accountId ?? null, params };
}
