import type { TaskError, TaskErrorKind } from '../tasks';

// A transport failure of `request()` (or a failure an adapter decides on from a status code),
// carrying what the engine needs to schedule the next attempt. HTTP status codes alone never
// throw from `request()`: callers know whether a 404 is fatal for them.

export class HttpFailure extends Error {
  readonly kind: TaskErrorKind;
  readonly host: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly permanent: boolean;

  constructor(
    kind: TaskErrorKind,
    message: string,
    details: { host: string; status?: number; retryAfterMs?: number; permanent?: boolean; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'HttpFailure';
    this.kind = kind;
    this.host = details.host;
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    this.permanent = details.permanent ?? false;
  }

  toTaskError(): TaskError {
    const error: TaskError = { kind: this.kind, message: this.message, host: this.host, permanent: this.permanent };
    if (this.status !== undefined) error.status = this.status;
    if (this.retryAfterMs !== undefined) error.retryAfterMs = this.retryAfterMs;
    return error;
  }
}

/** Any thrown value as a TaskError: an HttpFailure keeps its details, anything else is internal. */
export function toTaskError(error: unknown, fallbackHost: string): TaskError {
  if (error instanceof HttpFailure) return error.toTaskError();
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message: `Internal error: ${message}`, host: fallbackHost, permanent: false };
}
