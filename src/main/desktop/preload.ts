import { contextBridge, ipcRenderer } from 'electron';
import type { Channel, ContractEvents, EventName } from '../../shared/contract';
import { BRIDGE_GLOBAL, IPC_EVENT_CHANNEL, ipcChannel, type Bridge, type BridgeApi } from '../../shared/bridge';
import type { IpcEventMessage } from './ipc-event-message';

// The sandboxed preload: it puts exactly one function per contract channel, plus event
// subscription, on `window.triggerHappy` and nothing else of Electron (no ipcRenderer, no generic
// send/invoke that would let a compromised page pick its own channel). It validates nothing: the
// main process checks the sender and every argument. It must stay free of runtime imports other
// than `electron` and ../../shared/bridge, because a sandboxed preload cannot require packages
// (zod, which the contract's schemas use, would fail to load).

/** Every contract channel, listed again here without zod; `satisfies` makes a missing or extra name a compile error. */
const CHANNEL_NAMES = {
  'services.list': true,
  'triggers.list': true,
  'triggers.get': true,
  'triggers.create': true,
  'triggers.update': true,
  'triggers.setEnabled': true,
  'triggers.remove': true,
  'triggers.run': true,
  'triggers.test': true,
  'accounts.list': true,
  'accounts.create': true,
  'accounts.update': true,
  'accounts.remove': true,
  'accounts.test': true,
  'items.list': true,
  'items.resend': true,
  'items.skip': true,
  'runs.list': true,
  'engine.status': true,
  'engine.pause': true,
  'engine.resume': true,
  'engine.runNow': true,
  'settings.get': true,
  'settings.update': true,
  'opml.import': true,
  'opml.export': true,
  'data.backup': true,
  'data.info': true,
} as const satisfies Record<Channel, true>;

function invoker(channel: Channel) {
  return (args: unknown) => ipcRenderer.invoke(ipcChannel(channel), args);
}

const api = Object.fromEntries((Object.keys(CHANNEL_NAMES) as Channel[]).map((channel) => [channel, invoker(channel)])) as BridgeApi;

// One ipcRenderer listener fans out to the page's subscribers, so subscribing often never trips
// Node's max-listeners warning, and the page never sees an IpcRendererEvent (it holds `sender`).
type Subscriber = (message: IpcEventMessage) => void;
const subscribers = new Set<Subscriber>();
ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, message: IpcEventMessage) => {
  for (const subscriber of subscribers) subscriber(message);
});

const bridge: Bridge = {
  api,
  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
    const subscriber: Subscriber = (message) => {
      if (message.event === event) listener(message.payload as ContractEvents[E]);
    };
    subscribers.add(subscriber);
    return () => {
      subscribers.delete(subscriber);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
