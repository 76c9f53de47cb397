import type { Bridge } from '../../../shared/bridge';
import { BRIDGE_GLOBAL } from '../../../shared/bridge';
import type { Channel, ChannelArgs, ChannelResult, ContractEvents, EventName } from '../../../shared/contract';
import type { ContractClient } from '../../../shared/dispatch';
import type { Result } from '../../../shared/result';

// The one place that knows how the window reaches the engine. In the desktop app the preload puts
// the contract on `window.triggerHappy`; under `trigger-happy serve` it is HTTP (one POST per
// invoke) plus one EventSource for every event. Everything else in the renderer holds a
// `RendererClient` and never learns which it got.

export type ConnectionState = 'connected' | 'reconnecting';

export interface RendererClient extends ContractClient {
  readonly transport: 'bridge' | 'http';
  /** Only the HTTP transport can lose its event stream; the bridge is always connected. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

/** Header `serve` requires on API calls: a cross-site form or image request cannot add it. */
const API_HEADER = 'X-Trigger-Happy';

function failure<T>(code: 'unavailable' | 'internal', message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function createBridgeClient(bridge: Bridge): RendererClient {
  return {
    transport: 'bridge',
    async invoke<C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<Result<ChannelResult<C>>> {
      const call = bridge.api[channel] as (a: ChannelArgs<C>) => Promise<Result<ChannelResult<C>>>;
      try {
        return await call(args);
      } catch (error) {
        return failure('internal', error instanceof Error ? error.message : String(error));
      }
    },
    subscribe: (event, listener) => bridge.on(event, listener),
    onConnectionChange: () => () => undefined,
  };
}

function createHttpClient(base: string): RendererClient {
  let source: EventSource | null = null;
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const attached = new Set<EventName>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let lastState: ConnectionState = 'connected';

  const setState = (state: ConnectionState): void => {
    if (state === lastState) return;
    lastState = state;
    for (const listener of connectionListeners) listener(state);
  };

  const ensureSource = (): EventSource => {
    if (source) return source;
    source = new EventSource(new URL('api/events', base));
    source.onopen = () => setState('connected');
    // EventSource reconnects by itself (the server sets `retry:`); we only report it.
    source.onerror = () => setState('reconnecting');
    return source;
  };

  const attach = (event: EventName): void => {
    if (attached.has(event)) return;
    attached.add(event);
    ensureSource().addEventListener(event, (message) => {
      let payload: unknown;
      try {
        payload = JSON.parse((message as MessageEvent<string>).data);
      } catch {
        return;
      }
      for (const listener of listeners.get(event) ?? []) (listener as (p: unknown) => void)(payload);
    });
  };

  return {
    transport: 'http',
    async invoke<C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<Result<ChannelResult<C>>> {
      let response: Response;
      try {
        response = await fetch(new URL(`api/invoke/${encodeURIComponent(channel)}`, base), {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', [API_HEADER]: '1' },
          body: JSON.stringify(args ?? {}),
        });
      } catch {
        return failure('unavailable', 'Trigger Happy is not answering. Is `trigger-happy serve` still running?');
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return failure(response.status === 401 || response.status === 403 ? 'unavailable' : 'internal', `The server answered ${response.status} ${response.statusText}`.trim());
      }
      return isResult(body) ? (body as Result<ChannelResult<C>>) : failure('internal', 'The server sent something that is not a result.');
    },
    subscribe<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      attach(event);
      return () => {
        set.delete(listener);
      };
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },
  };
}

export function createRendererClient(scope: Window = window): RendererClient {
  const bridge = (scope as unknown as Record<string, Bridge | undefined>)[BRIDGE_GLOBAL];
  return bridge ? createBridgeClient(bridge) : createHttpClient(scope.location.href);
}
