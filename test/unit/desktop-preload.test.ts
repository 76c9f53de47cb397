import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../src/shared/contract';
import { BRIDGE_GLOBAL, IPC_EVENT_CHANNEL, ipcChannel, type Bridge } from '../../src/shared/bridge';

// The preload runs against a fake `electron` module: what it puts on the page is checked key by
// key, and nothing it exposes may hand the page Electron itself.

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const rendererListeners = new Map<string, Array<(event: unknown, message: unknown) => void>>();
  const invocations: Array<{ channel: string; args: unknown[] }> = [];
  return {
    exposed,
    rendererListeners,
    invocations,
    module: {
      contextBridge: {
        exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value),
      },
      ipcRenderer: {
        invoke: (channel: string, ...args: unknown[]) => {
          invocations.push({ channel, args });
          return Promise.resolve({ ok: true, value: channel });
        },
        on: (channel: string, listener: (event: unknown, message: unknown) => void) => {
          rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), listener]);
        },
      },
    },
  };
});

vi.mock('electron', () => electron.module);

const root = join(import.meta.dirname, '..', '..');
let bridge: Bridge;

beforeAll(async () => {
  await import('../../src/main/desktop/preload');
  bridge = electron.exposed.get(BRIDGE_GLOBAL) as Bridge;
});

describe('the preload bridge', () => {
  it('exposes one global, window.triggerHappy, and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual([BRIDGE_GLOBAL]);
    expect(Object.keys(bridge).sort()).toEqual(['api', 'on']);
  });

  it('has exactly one function per contract channel', () => {
    expect(Object.keys(bridge.api).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(typeof bridge.api[channel]).toBe('function');
  });

  it('invokes the channel’s own IPC channel with the argument as given (main validates)', async () => {
    electron.invocations.length = 0;
    const odd = { id: 'not a number', extra: true };
    await expect(bridge.api['triggers.get'](odd as never)).resolves.toEqual({ ok: true, value: ipcChannel('triggers.get') });
    await bridge.api['engine.pause']({});
    expect(electron.invocations).toEqual([
      { channel: ipcChannel('triggers.get'), args: [odd] },
      { channel: ipcChannel('engine.pause'), args: [{}] },
    ]);
  });

  it('listens on the event channel once, whatever the number of subscribers', () => {
    bridge.on('items:new', () => undefined);
    bridge.on('engine:status', () => undefined);
    expect(electron.rendererListeners.get(IPC_EVENT_CHANNEL)).toHaveLength(1);
    expect([...electron.rendererListeners.keys()]).toEqual([IPC_EVENT_CHANNEL]);
  });

  it('delivers only the subscribed event, with its payload and never the IPC event object', () => {
    const received: unknown[][] = [];
    const stop = bridge.on('trigger:paused', (...args: unknown[]) => received.push(args));
    const deliver = electron.rendererListeners.get(IPC_EVENT_CHANNEL)?.[0];
    const ipcEvent = { sender: { send: () => undefined } };
    deliver?.(ipcEvent, { event: 'items:new', payload: { count: 3 } });
    deliver?.(ipcEvent, { event: 'trigger:paused', payload: { triggerId: 1, triggerName: 'Feed', reason: '410 Gone' } });
    expect(received).toEqual([[{ triggerId: 1, triggerName: 'Feed', reason: '410 Gone' }]]);
    stop();
    deliver?.(ipcEvent, { event: 'trigger:paused', payload: { triggerId: 2, triggerName: 'Other', reason: 'x' } });
    expect(received).toHaveLength(1);
  });
});

describe('what the sandboxed preload may load', () => {
  // A sandboxed preload can require only `electron` (and a few Node built-ins); anything else that
  // gets bundled in must be plain code. Value imports are what the bundle will contain.
  function valueImports(file: string): string[] {
    const source = readFileSync(join(root, file), 'utf8');
    return [...source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)';/gms)].map((match) => match[1] ?? '');
  }

  it('imports values only from electron and the shared bridge module', () => {
    expect(valueImports('src/main/desktop/preload.ts').sort()).toEqual(['../../shared/bridge', 'electron']);
  });

  it('gets no runtime dependency through the shared bridge module (zod would not load)', () => {
    expect(valueImports('src/shared/bridge.ts')).toEqual([]);
  });
});
