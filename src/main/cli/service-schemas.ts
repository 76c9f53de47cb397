import { z } from 'zod';
import type { JsonSchema } from '../../shared/models';
import type { ServiceDefinition } from '../../workers/services/service';

// The JSON Schema of a service's parameters, as front ends see it, computed from the service's own
// zod schema. The command needs it before any engine exists, because bad parameters must be
// refused before the data folder is touched. `io: 'input'` describes what a caller may send
// (fields with defaults are optional), which is what a command line supplies.

export type EndpointRole = 'provider' | 'consumer';

export function parameterSchemaOf(definition: ServiceDefinition, role: EndpointRole): JsonSchema | null {
  const schema = role === 'provider' ? definition.providerSchema : definition.consumerSchema;
  return schema ? z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) : null;
}
