import { afterEach, describe, expect, it, vi } from 'vitest';
import { GracefulQuit } from '../../src/main/desktop/graceful-quit';

afterEach(() => {
  vi.useRealTimers();
});

function quitEvent() {
  const event = { prevented: 0, preventDefault: () => (event.prevented += 1) };
  return event;
}

describe('GracefulQuit', () => {
  it('holds the first quit until the engine has stopped, then quits for real', async () => {
    let finishStop: () => void = () => undefined;
    const stop = vi.fn(() => new Promise<void>((resolve) => (finishStop = resolve)));
    const quit = vi.fn();
    const sequence = new GracefulQuit({ stop, quit, log: () => undefined, timeoutMs: 15_000 });

    const first = quitEvent();
    sequence.beforeQuit(first);
    expect(first.prevented).toBe(1);
    expect(sequence.state).toBe('stopping');

    // Quitting again while stopping does not stop twice.
    const second = quitEvent();
    sequence.beforeQuit(second);
    expect(second.prevented).toBe(1);
    expect(stop).toHaveBeenCalledOnce();
    expect(quit).not.toHaveBeenCalled();

    finishStop();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledOnce());
    expect(sequence.state).toBe('stopped');

    const last = quitEvent();
    sequence.beforeQuit(last);
    expect(last.prevented).toBe(0);
  });

  it('quits anyway when the engine does not stop in time, and says so', async () => {
    vi.useFakeTimers();
    const logged: string[] = [];
    const quit = vi.fn();
    const sequence = new GracefulQuit({ stop: () => new Promise<void>(() => undefined), quit, log: (line) => logged.push(line), timeoutMs: 1000 });
    sequence.beforeQuit(quitEvent());
    await vi.advanceTimersByTimeAsync(999);
    expect(quit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(quit).toHaveBeenCalledOnce();
    expect(logged).toEqual(['the engine did not stop within 1000 ms; quitting anyway']);
  });

  it('quits when stopping fails', async () => {
    const logged: string[] = [];
    const quit = vi.fn();
    const sequence = new GracefulQuit({ stop: () => Promise.reject(new Error('database busy')), quit, log: (line) => logged.push(line), timeoutMs: 1000 });
    sequence.beforeQuit(quitEvent());
    await vi.waitFor(() => expect(quit).toHaveBeenCalledOnce());
    expect(logged).toEqual(['stopping failed: database busy']);
  });
});
