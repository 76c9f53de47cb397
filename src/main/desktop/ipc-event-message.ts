import type { ContractEvents, EventName } from '../../shared/contract';

/** What travels on IPC_EVENT_CHANNEL: one engine event, named, with its payload. */
export type IpcEventMessage = {
  [E in EventName]: { event: E; payload: ContractEvents[E] };
}[EventName];
