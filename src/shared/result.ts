// Errors cross every transport as data, never as thrown exceptions (Signal's wrapResult).

export type ErrorCode =
  | 'invalid-argument'
  | 'not-found'
  | 'conflict'
  | 'unavailable'
  | 'forbidden'
  | 'internal';

export interface ContractError {
  code: ErrorCode;
  message: string;
  /** Field-level problems, path joined with dots ("provider.params.url"). */
  issues?: Array<{ path: string; message: string }>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** Thrown inside handlers; transports turn it into `{ ok: false, error }`. */
export class ContractFailure extends Error {
  readonly code: ErrorCode;
  readonly issues: ContractError['issues'];
  constructor(code: ErrorCode, message: string, issues?: ContractError['issues']) {
    super(message);
    this.name = 'ContractFailure';
    this.code = code;
    this.issues = issues;
  }
}
