import { describe, expect, it } from 'vitest';
import { connectivityChange, CONNECTIVITY_SAMPLE_MS, watchPowerAndNetwork, type PowerMonitorLike } from '../../src/main/desktop/power-events';

function harness(initiallyOnline: boolean) {
  const listeners = new Map<string, () => void>();
  const powerMonitor: PowerMonitorLike = {
    on: (event, listener) => listeners.set(event, listener),
    removeListener: (event, listener) => {
      if (listeners.get(event) === listener) listeners.delete(event);
    },
  };
  const state = { online: initiallyOnline, wakes: 0, tick: null as (() => void) | null, intervalMs: 0, cleared: false, unrefed: false };
  const stop = watchPowerAndNetwork({
    powerMonitor,
    isOnline: () => state.online,
    wake: () => {
      state.wakes += 1;
    },
    log: () => undefined,
    setInterval: (callback, ms) => {
      state.tick = callback;
      state.intervalMs = ms;
      return {
        unref: () => {
          state.unrefed = true;
        },
      };
    },
    clearInterval: () => {
      state.cleared = true;
    },
  });
  return { listeners, state, stop };
}

describe('connectivityChange', () => {
  it.each([
    [null, true, null],
    [null, false, null],
    [true, true, null],
    [false, false, null],
    [false, true, 'came-online'],
    [true, false, 'went-offline'],
  ] as const)('%s → %s is %s', (previous, current, change) => {
    expect(connectivityChange(previous, current)).toBe(change);
  });
});

describe('watchPowerAndNetwork', () => {
  it('wakes the engine once after resume from sleep', () => {
    const { listeners, state } = harness(true);
    listeners.get('suspend')?.();
    expect(state.wakes).toBe(0);
    listeners.get('resume')?.();
    expect(state.wakes).toBe(1);
  });

  it('wakes the engine when the network comes back, not while it stays down or up', () => {
    const { state } = harness(false);
    state.tick?.();
    expect(state.wakes).toBe(0);
    state.online = true;
    state.tick?.();
    expect(state.wakes).toBe(1);
    state.tick?.();
    state.online = false;
    state.tick?.();
    expect(state.wakes).toBe(1);
  });

  it('does not wake twice when resume already saw the network back', () => {
    const { listeners, state } = harness(false);
    state.online = true;
    listeners.get('resume')?.();
    state.tick?.();
    expect(state.wakes).toBe(1);
  });

  it('samples on a slow timer that does not keep the process alive, and stops cleanly', () => {
    const { listeners, state, stop } = harness(true);
    expect(state.intervalMs).toBe(CONNECTIVITY_SAMPLE_MS);
    expect(state.unrefed).toBe(true);
    stop();
    expect(state.cleared).toBe(true);
    expect(listeners.size).toBe(0);
  });
});
