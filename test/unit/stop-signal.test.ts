import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenForStop } from '../../src/main/engine/stop-signal';

// Signals are emitted in-process here (process.emit), which runs the listeners without sending a
// real signal.

const foreign: Array<() => void> = [];
afterEach(() => {
  for (const remove of foreign.splice(0)) remove();
});

/** A library hook like when-exit's: on the signal, clean up and raise the same signal again. */
function installReRaisingHook(): { calls: () => number } {
  let calls = 0;
  const hook = () => {
    calls += 1;
    process.emit('SIGINT', 'SIGINT');
  };
  process.once('SIGINT', hook);
  foreign.push(() => process.off('SIGINT', hook));
  return { calls: () => calls };
}

describe('stop signals of long-running commands', () => {
  it('turns the first signal into a graceful stop and a second into a forced exit', async () => {
    const forced = vi.fn();
    const stop = listenForStop(forced);
    try {
      process.emit('SIGTERM', 'SIGTERM');
      await expect(stop.stopped).resolves.toBe('SIGTERM');
      expect(forced).not.toHaveBeenCalled();
      process.emit('SIGINT', 'SIGINT');
      expect(forced).toHaveBeenCalledWith('SIGINT');
    } finally {
      stop.dispose();
    }
  });

  it('sets aside a library hook that re-raises the signal, and restores it afterwards', async () => {
    const hook = installReRaisingHook();
    const before = process.listenerCount('SIGINT');
    const forced = vi.fn();
    const stop = listenForStop(forced);
    process.emit('SIGINT', 'SIGINT');
    await expect(stop.stopped).resolves.toBe('SIGINT');
    expect(forced).not.toHaveBeenCalled();
    expect(hook.calls()).toBe(0);
    stop.dispose();
    expect(process.listenerCount('SIGINT')).toBe(before);
    // Restored as it was: a `once` hook that still fires.
    process.emit('SIGINT', 'SIGINT');
    expect(hook.calls()).toBe(1);
  });
});
