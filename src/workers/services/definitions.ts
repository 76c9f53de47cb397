import type { ServiceDefinition } from './service';
import { rssDefinition } from './rss/definition';
import { markdownDefinition } from './markdown/definition';
import { webhookDefinition } from './webhook/definition';

// Pure data: the engine imports this for validation and the window's forms. The network code is in
// implementations.ts, which only the worker router imports.
export const serviceDefinitions: readonly ServiceDefinition[] = [rssDefinition, markdownDefinition, webhookDefinition];

export function findServiceDefinition(id: string): ServiceDefinition | undefined {
  return serviceDefinitions.find((definition) => definition.id === id);
}
