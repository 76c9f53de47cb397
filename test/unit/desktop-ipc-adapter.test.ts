import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { CHANNELS, EVENT_NAMES, type Channel, type ContractEvents, type ContractHandlers, type EventName } from '../../src/shared/contract';
import { ipcChannel } from '../../src/shared/bridge';
import { ContractFailure, type Result } from '../../src/shared/result';
import { APP_ENTRY_URL, trustedOrigins } from '../../src/main/desktop/app-origin';
import {
  forwardContractEvents,
  registerContractHandlers,
  type InvokeEventLike,
  type IpcMainLike,
} from '../../src/main/desktop/ipc-adapter';
import type { IpcEventMessage } from '../../src/main/desktop/ipc-event-message';
import { validateSender } from '../../src/main/desktop/sender-validation';

// The Electron transport's main side under a fake ipcMain: one handler per channel, the sender
// checked before anything else, every argument validated with the channel's schema, errors as data.

const APP_WEB_CONTENTS = 7;
const trusted = trustedOrigins(undefined);

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<Result<unknown>> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return (await handler(event, ...args)) as Result<unknown>;
  }
}

function fromApp(url = APP_ENTRY_URL): InvokeEventLike {
  return { sender: { id: APP_WEB_CONTENTS }, senderFrame: { url, parent: null } };
}

function recordingHandlers() {
  const calls: Array<{ channel: Channel; args: unknown }> = [];
  const handlers = Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      vi.fn((args: unknown) => {
        calls.push({ channel, args });
        return Promise.resolve({ handled: channel });
      }),
    ]),
  ) as unknown as ContractHandlers;
  return { handlers, calls };
}

function setUp() {
  const ipc = new FakeIpcMain();
  const { handlers, calls } = recordingHandlers();
  const refused: string[] = [];
  const remove = registerContractHandlers(ipc, handlers, {
    isAppWebContents: (id) => id === APP_WEB_CONTENTS,
    checkSender: (facts) => validateSender(facts, trusted),
    onRefused: (channel, reason) => refused.push(`${channel}: ${reason}`),
  });
  return { ipc, handlers, calls, refused, remove };
}

const trigger = {
  name: 'Frandroid to notes',
  provider: { service: 'rss', params: { url: 'https://www.frandroid.com/feed' } },
  consumer: { service: 'markdown', params: { folder: '/home/me/notes' } },
};
const account = { service: 'mastodon', name: 'me', settings: { baseUrl: 'https://mastodon.social' } };

/** A valid and an invalid argument for every channel; the type makes a missing channel a compile error. */
const ARGUMENTS: Record<Channel, { valid: unknown; invalid: unknown }> = {
  'services.list': { valid: undefined, invalid: { extra: 1 } },
  'triggers.list': { valid: {}, invalid: { all: true } },
  'triggers.get': { valid: { id: 1 }, invalid: { id: -1 } },
  'triggers.create': { valid: trigger, invalid: { ...trigger, name: '   ' } },
  'triggers.update': { valid: { id: 1, input: trigger }, invalid: { id: 1 } },
  'triggers.setEnabled': { valid: { id: 1, enabled: false }, invalid: { id: 1, enabled: 'no' } },
  'triggers.remove': { valid: { id: 3 }, invalid: {} },
  'triggers.run': { valid: { id: 3 }, invalid: { id: 1.5 } },
  'triggers.test': { valid: trigger, invalid: { ...trigger, maxPerRun: 0 } },
  'accounts.list': { valid: {}, invalid: { secrets: true } },
  'accounts.create': { valid: account, invalid: { ...account, service: '' } },
  'accounts.update': { valid: { id: 2, input: account }, invalid: { id: 0, input: account } },
  'accounts.remove': { valid: { id: 2 }, invalid: { id: null } },
  'accounts.test': { valid: { id: 2 }, invalid: { id: 2, verbose: true } },
  'items.list': { valid: { state: 'pending' }, invalid: { limit: 0 } },
  'items.resend': { valid: { id: 9 }, invalid: { id: '9' } },
  'items.skip': { valid: { id: 9 }, invalid: [9] },
  'runs.list': { valid: { outcome: 'error' }, invalid: { outcome: 'exploded' } },
  'engine.status': { valid: {}, invalid: { verbose: true } },
  'engine.pause': { valid: {}, invalid: { minutes: 5 } },
  'engine.resume': { valid: undefined, invalid: 'now' },
  'engine.runNow': { valid: {}, invalid: { force: true } },
  'settings.get': { valid: {}, invalid: { key: 'poolSize' } },
  'settings.update': { valid: { notifications: false }, invalid: { poolSize: 99 } },
  'opml.import': { valid: { text: '<opml/>', consumer: { service: 'markdown' } }, invalid: { text: 5, consumer: { service: 'markdown' } } },
  'opml.export': { valid: {}, invalid: { format: 'json' } },
  'data.backup': { valid: {}, invalid: { to: '/tmp/x' } },
  'data.info': { valid: {}, invalid: { path: true } },
};

describe('registerContractHandlers', () => {
  it('registers exactly one handler per contract channel, on its th: IPC channel', () => {
    const { ipc } = setUp();
    expect([...ipc.handlers.keys()].sort()).toEqual(CHANNELS.map(ipcChannel).sort());
  });

  it('does not compile without a handler for every channel', () => {
    expectTypeOf<Omit<ContractHandlers, 'data.info'>>().not.toExtend<ContractHandlers>();
    expectTypeOf<ContractHandlers>().toExtend<Parameters<typeof registerContractHandlers>[1]>();
  });

  describe.each(CHANNELS)('%s', (channel) => {
    const { valid, invalid } = ARGUMENTS[channel];

    it('passes a valid argument, parsed, to its handler and returns the value as data', async () => {
      const { ipc, calls } = setUp();
      const result = await ipc.invoke(ipcChannel(channel), fromApp(), valid);
      expect(result).toEqual({ ok: true, value: { handled: channel } });
      expect(calls).toHaveLength(1);
      expect(calls[0]?.channel).toBe(channel);
    });

    it('refuses an invalid argument without calling the handler', async () => {
      const { ipc, calls } = setUp();
      const result = await ipc.invoke(ipcChannel(channel), fromApp(), invalid);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.code).toBe('invalid-argument');
      expect(calls).toHaveLength(0);
    });

    it('refuses a message from an untrusted sender without calling the handler', async () => {
      const { ipc, calls, refused } = setUp();
      const result = await ipc.invoke(ipcChannel(channel), fromApp('https://evil.example/'), valid);
      expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) as string } });
      expect(calls).toHaveLength(0);
      expect(refused).toEqual([`${channel}: untrusted origin (https:)`]);
    });
  });

  it('applies schema defaults before the handler sees the argument', async () => {
    const { ipc, calls } = setUp();
    await ipc.invoke(ipcChannel('triggers.create'), fromApp(), trigger);
    expect(calls[0]?.args).toMatchObject({ enabled: true, maxPerRun: 10, notify: true, include: [], template: '' });
  });

  it.each([
    ['a subframe', { sender: { id: APP_WEB_CONTENTS }, senderFrame: { url: APP_ENTRY_URL, parent: {} } }, 'sent from a subframe'],
    ['another webContents', { sender: { id: 99 }, senderFrame: { url: APP_ENTRY_URL, parent: null } }, 'not sent from the app window'],
    ['a frame that is gone', { sender: { id: APP_WEB_CONTENTS }, senderFrame: null }, 'the sending frame is gone'],
    ['a file: page', fromApp('file:///tmp/evil.html'), 'untrusted origin (file:)'],
  ])('refuses %s', async (_name, event, reason) => {
    const { ipc, calls, refused } = setUp();
    const result = await ipc.invoke(ipcChannel('engine.pause'), event, {});
    expect(result.ok).toBe(false);
    expect(calls).toHaveLength(0);
    expect(refused).toEqual([`engine.pause: ${reason}`]);
  });

  it('refuses extra arguments: the bridge sends exactly one', async () => {
    const { ipc, calls } = setUp();
    const result = await ipc.invoke(ipcChannel('triggers.get'), fromApp(), { id: 1 }, { id: 2 });
    expect(!result.ok && result.error.code).toBe('invalid-argument');
    expect(calls).toHaveLength(0);
  });

  it('returns handler failures as data, keeping a ContractFailure code', async () => {
    const { ipc, handlers } = setUp();
    vi.mocked(handlers['triggers.get']).mockRejectedValueOnce(new ContractFailure('not-found', 'No trigger 1'));
    vi.mocked(handlers['engine.runNow']).mockRejectedValueOnce(new Error('pool closed'));
    await expect(ipc.invoke(ipcChannel('triggers.get'), fromApp(), { id: 1 })).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No trigger 1' },
    });
    await expect(ipc.invoke(ipcChannel('engine.runNow'), fromApp(), {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'pool closed' },
    });
  });

  it('removes every handler it registered', () => {
    const { ipc, remove } = setUp();
    remove();
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('forwardContractEvents', () => {
  function fakeSource() {
    const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
    return {
      listeners,
      on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void) {
        const set = listeners.get(event) ?? new Set();
        set.add(listener as (payload: unknown) => void);
        listeners.set(event, set);
        return () => set.delete(listener as (payload: unknown) => void);
      },
      emit(event: EventName, payload: unknown) {
        for (const listener of listeners.get(event) ?? []) listener(payload);
      },
    };
  }

  it('forwards every contract event as { event, payload }, and stops', () => {
    const source = fakeSource();
    const delivered: IpcEventMessage[] = [];
    const stop = forwardContractEvents(source, (message) => delivered.push(message));
    for (const event of EVENT_NAMES) source.emit(event, { from: event });
    expect(delivered).toEqual(EVENT_NAMES.map((event) => ({ event, payload: { from: event } })));
    stop();
    source.emit('items:new', {});
    expect(delivered).toHaveLength(EVENT_NAMES.length);
    expect([...source.listeners.values()].every((set) => set.size === 0)).toBe(true);
  });
});
