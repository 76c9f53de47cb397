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
    setTimeout(() => (doneWhenTimerRan = done.length), 0);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        budget.run(() => {
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

  it('runs work that fits in the budget without waiting for a timer', async () => {
    const budget = new TurnBudget(50);
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    await Promise.all([1, 2, 3].map((n) => budget.run(() => order.push(`work ${n}`))));
    expect(order).toEqual(['work 1', 'work 2', 'work 3']);
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
