import type { Channel, ChannelArgs, ChannelResult, ContractEvents, ContractHandlers, EventName } from './contract';
import { contractArgs, isChannel } from './contract';
import { ContractFailure, type Result } from './result';

// Shared by every transport on the engine side: validate the argument with the channel's schema,
// call the handler, and turn anything thrown into an error value.

export async function dispatch(
  handlers: ContractHandlers,
  channel: string,
  rawArgs: unknown,
): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'not-found', message: `Unknown channel "${channel}"` } };
  }
  const parsed = contractArgs[channel].safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    const first = issues[0];
    const message = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'Invalid argument';
    return { ok: false, error: { code: 'invalid-argument', message, issues } };
  }
  try {
    const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toContractError(error) };
  }
}

export function toContractError(error: unknown): { code: ContractFailure['code']; message: string; issues?: Array<{ path: string; message: string }> } {
  if (error instanceof ContractFailure) {
    return error.issues ? { code: error.code, message: error.message, issues: error.issues } : { code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}

/** What a front end holds: the contract over whichever transport it runs on. */
export interface ContractClient {
  invoke<C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<Result<ChannelResult<C>>>;
  subscribe<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void;
}
