import { CHANNELS, EVENT_NAMES, type ContractEvents, type ContractHandlers, type EventName } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import { ipcChannel } from '../../shared/bridge';
import type { Result } from '../../shared/result';
import type { IpcEventMessage } from './ipc-event-message';
import type { SenderFacts, SenderVerdict } from './sender-validation';

// The Electron transport of the contract, main side. Electron's objects are injected (structural
// types below) so the adapter runs under a fake ipcMain in plain Node tests. Each contract channel
// gets exactly one handler; the handler object's type (`ContractHandlers`) makes a missing channel
// a compile error. The adapter checks the sender, then leaves argument validation and
// errors-as-data to `dispatch`, the same code the HTTP transport uses.

/** The parts of `IpcMainInvokeEvent` the adapter reads. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** The parts of `ipcMain` the adapter uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface ContractIpcOptions {
  /** Which webContents belong to windows this app created (the main window). */
  isAppWebContents(webContentsId: number): boolean;
  /** The sender decision (`validateSender` bound to the trusted origins). */
  checkSender(facts: SenderFacts | null): SenderVerdict;
  /** Told about refused messages; never given argument values (they may hold secrets). */
  onRefused?(channel: string, reason: string): void;
}

/** The facts `validateSender` needs, read off an invoke event. */
export function senderFacts(event: InvokeEventLike, isAppWebContents: (id: number) => boolean): SenderFacts | null {
  const frame = event.senderFrame;
  if (!frame) return null;
  return { url: frame.url, isMainFrame: frame.parent === null, fromAppWindow: isAppWebContents(event.sender.id) };
}

/** Registers one `ipcMain.handle` per contract channel; returns a function that removes them all. */
export function registerContractHandlers(ipc: IpcMainLike, handlers: ContractHandlers, options: ContractIpcOptions): () => void {
  for (const channel of CHANNELS) {
    ipc.handle(ipcChannel(channel), async (event, ...args): Promise<Result<unknown>> => {
      const verdict = options.checkSender(senderFacts(event, (id) => options.isAppWebContents(id)));
      if (!verdict.trusted) {
        options.onRefused?.(channel, verdict.reason);
        return { ok: false, error: { code: 'forbidden', message: 'This message was not sent by the Trigger Happy window.' } };
      }
      // The bridge sends exactly one argument; anything else did not come from it.
      if (args.length > 1) {
        return { ok: false, error: { code: 'invalid-argument', message: `${channel} takes one argument` } };
      }
      return dispatch(handlers, channel, args[0]);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipc.removeHandler(ipcChannel(channel));
  };
}

/** The engine's event source, as the adapter needs it. */
export interface EventSource {
  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void;
}

/** Forwards every contract event as an `IpcEventMessage`; returns a function that stops it. */
export function forwardContractEvents(source: EventSource, deliver: (message: IpcEventMessage) => void): () => void {
  const stops = EVENT_NAMES.map((event) =>
    source.on(event, (payload) => deliver({ event, payload } as IpcEventMessage)),
  );
  return () => {
    for (const stop of stops) stop();
  };
}
