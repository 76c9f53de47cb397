import type { JsonSchema, ServiceInfo } from '../../shared/models';
import { isRecord, kindOf, propertiesOf, requiredOf } from './json-schema-reading';

// `services list` as readable lines: each service, what it can be, and the exact flags its
// parameters take, so the output doubles as the help for `triggers add`.
//   rss  Feed  (provider)
//     RSS, Atom or JSON Feed: …
//     --provider-param url=TEXT        Feed URL (RSS, Atom or JSON Feed) (required)

function placeholderOf(property: unknown): string {
  switch (kindOf(property)) {
    case 'array':
      return 'A,B,…';
    case 'number':
    case 'integer':
      return 'NUMBER';
    case 'boolean':
      return 'true|false';
    case 'object':
      return 'JSON';
    case 'string':
      return 'TEXT';
  }
}

function parameterLines(schema: JsonSchema | null, flag: string): string[] {
  const properties = propertiesOf(schema);
  const required = requiredOf(schema);
  const keys = Object.keys(properties);
  const usages = keys.map((key) => `${flag} ${key}=${placeholderOf(properties[key])}`);
  const width = Math.max(0, ...usages.map((usage) => usage.length));
  return keys.map((key, index) => {
    const property = properties[key];
    const description = isRecord(property) && typeof property.description === 'string' ? property.description : '';
    const note = required.has(key) ? ' (required)' : '';
    return `    ${(usages[index] ?? '').padEnd(width)}  ${description}${note}`.trimEnd();
  });
}

export function formatServiceLines(services: readonly ServiceInfo[]): string[] {
  return services.flatMap((service) => [
    `${service.id}  ${service.label}  (${service.capabilities.join(', ')})${service.needsAccount ? '  needs an account' : ''}`,
    `    ${service.description}`,
    ...(service.capabilities.includes('provider') ? parameterLines(service.providerSchema, '--provider-param') : []),
    ...(service.capabilities.includes('consumer') ? parameterLines(service.consumerSchema, '--consumer-param') : []),
  ]);
}
