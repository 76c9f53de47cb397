import type { Channel, ChannelArgs, ChannelResult } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import type { ContractError } from '../../shared/result';
import type { Engine } from '../engine/engine-api';
import { UsageError } from './usage-error';

// Commands reach the engine through the contract, exactly as the window does: the argument is
// validated with the channel's schema and errors come back as data. Errors that are about the
// input (invalid argument, unknown id, a conflict with what exists) become usage errors (exit 2);
// the rest mean the engine could not do its job (exit 1).

const INPUT_ERRORS: ReadonlySet<ContractError['code']> = new Set(['invalid-argument', 'not-found', 'conflict']);

/** The engine's message, with the first field-level problem when it adds something. */
function describe(error: ContractError): string {
  const issue = error.issues?.[0];
  if (!issue || error.message.includes(issue.message)) return error.message;
  return `${error.message} (${issue.path ? `${issue.path}: ` : ''}${issue.message})`;
}

export class EngineCallError extends Error {
  readonly code: ContractError['code'];
  constructor(error: ContractError) {
    super(describe(error));
    this.name = 'EngineCallError';
    this.code = error.code;
  }
}

export async function invoke<C extends Channel>(engine: Engine, channel: C, args: ChannelArgs<C>): Promise<ChannelResult<C>> {
  const result = await dispatch(engine.handlers, channel, args);
  if (result.ok) return result.value as ChannelResult<C>;
  if (INPUT_ERRORS.has(result.error.code)) throw new UsageError(describe(result.error));
  throw new EngineCallError(result.error);
}
