import type { TaskError } from './tasks';

// Task errors the router and the publish batches make, and the two questions both sides of the
// pool ask of a failed delivery: does the host want us to wait, and is the trigger's consumer
// broken? The worker stops a batch on the answers; the engine pauses and reschedules on them.

export function configError(message: string): { ok: false; error: TaskError } {
  return { ok: false, error: { kind: 'config', message, permanent: true } };
}

export function internalError(error: unknown): { ok: false; error: TaskError } {
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { kind: 'internal', message: `Internal error: ${message}`, permanent: false } };
}

/** A 429, or any answer that names a time to come back: the host's other deliveries wait too. */
export function asksToWait(error: TaskError): boolean {
  return error.kind === 'rate-limited' || error.retryAfterMs !== undefined;
}

/** The trigger's consumer, not this item, is broken (bad credentials, gone, bad settings): pause the trigger. */
export function breaksTheTrigger(error: TaskError): boolean {
  return error.kind === 'unauthorized' || error.kind === 'gone' || error.kind === 'config';
}
