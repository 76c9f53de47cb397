import type { z } from 'zod';

// A publish task carries a batch of deliveries, and those of one trigger share one parameter
// object (the structured clone keeps shared references shared). Validating it once per object
// rather than once per delivery saves the schema's work on 7 of 8 deliveries of a batch. The
// cache holds the object weakly, so it lives as long as the task does.

const cache = new WeakMap<z.ZodType, WeakMap<object, z.ZodSafeParseResult<unknown>>>();

/** `schema.safeParse(params)`, remembered for this very params object. */
export function parsedParams<T extends z.ZodType>(schema: T, params: Record<string, unknown>): z.ZodSafeParseResult<z.output<T>> {
  let results = cache.get(schema);
  if (!results) {
    results = new WeakMap();
    cache.set(schema, results);
  }
  let result = results.get(params);
  if (!result) {
    result = schema.safeParse(params);
    results.set(params, result);
  }
  return result as z.ZodSafeParseResult<z.output<T>>;
}
