import type { Channel, ChannelArgs, ChannelResult } from '../../../src/shared/contract';
import type { Result } from '../../../src/shared/result';
import type { ServeProcess } from './serve-process';

/** Calls the contract over serve with the bearer token, for setting up state a test does not test. */
export async function invokeOverServe<C extends Channel>(serve: ServeProcess, channel: C, args: ChannelArgs<C>): Promise<ChannelResult<C>> {
  const response = await fetch(new URL(`/api/invoke/${channel}`, serve.origin), {
    method: 'POST',
    headers: { authorization: `Bearer ${serve.token}`, 'x-trigger-happy': '1', 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const result = (await response.json()) as Result<ChannelResult<C>>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}
