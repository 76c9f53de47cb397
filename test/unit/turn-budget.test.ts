import { describe, expect, it } from 'vitest';
import { TurnBudget } from '../../src/main/engine/turn-budget';

// Many pieces of work due at once share the main thread with the tray's timers: the budget runs
// a few, then lets the event loop's timers in before the rest.

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin: synchronous work, as a commit is
  }
}

describe('TurnBudget', () => {
  it('lets a timer run between pieces of work that would otherwise hold the thread for 60 ms, and keeps their order', async () => {
    const budget = new TurnBudget(5);
    const done: number[] = [];
    let doneWhenTimerRan = -1;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        budget.run(() => {
          // A timer armed while the work runs, as the tray's would be.
          if (index === 0) setTimeout(() => (doneWhenTimerRan = done.length), 0);
          busy(2);
          done.push(index);
          return index * 10;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 30 }, (_, index) => index * 10));
    expect(done).toEqual(Array.from({ length: 30 }, (_, index) => index));
    expect(doneWhenTimerRan).toBeGreaterThan(0);
    expect(doneWhenTimerRan).toBeLessThan(10);
  });

  it('runs work queued in one burst within one budget together, in order', async () => {
    const budget = new TurnBudget(50);
    const order: string[] = [];
    const work = [1, 2, 3].map((n) => budget.run(() => order.push(`work ${n}`)));
    setTimeout(() => order.push('timer armed after'), 0);
    await Promise.all(work);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual(['work 1', 'work 2', 'work 3', 'timer armed after']);
  });

  it('runs work queued by many callbacks of one turn within one budget, not one budget per callback', async () => {
    const budget = new TurnBudget(5);
    const done: number[] = [];
    let doneWhenTimerRan = -1;
    // Thirty answers arriving in one turn, each queuing its work from its own callback.
    await new Promise<void>((resolve) => {
      let pending = 30;
      for (let index = 0; index < 30; index += 1) {
        setImmediate(() => {
          void budget.run(() => {
            busy(2);
            done.push(index);
            if (--pending === 0) resolve();
          });
        });
      }
      // A timer the tray arms in the same turn, after the answers.
      setImmediate(() => setTimeout(() => (doneWhenTimerRan = done.length), 0));
    });
    expect(doneWhenTimerRan).toBeGreaterThan(0);
    expect(doneWhenTimerRan).toBeLessThan(10);
  });

  it('rejects with the error of the work that threw, and goes on with the rest', async () => {
    const budget = new TurnBudget(5);
    const failing = budget.run(() => {
      throw new Error('commit failed');
    });
    const next = budget.run(() => 'next');
    await expect(failing).rejects.toThrow('commit failed');
    await expect(next).resolves.toBe('next');
  });
});
