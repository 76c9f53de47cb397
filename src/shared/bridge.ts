import type { Channel, ChannelArgs, ChannelResult, ContractEvents, EventName } from './contract';
import type { Result } from './result';

// What the desktop preload puts on `window` (under BRIDGE_GLOBAL): exactly one function per
// contract channel plus event subscription, nothing else of Electron. The renderer's bridge
// transport reads it; the HTTP transport is used when it is absent (`trigger-happy serve`).

export type BridgeApi = {
  [C in Channel]: (args: ChannelArgs<C>) => Promise<Result<ChannelResult<C>>>;
};

export interface Bridge {
  api: BridgeApi;
  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void;
}

export const BRIDGE_GLOBAL = 'triggerHappy';

/** The IPC channel name of a contract channel (Electron transport). */
export function ipcChannel(channel: Channel): string {
  return `th:${channel}`;
}

/** The single IPC channel events travel on, as `{ event, payload }`. */
export const IPC_EVENT_CHANNEL = 'th:event';
