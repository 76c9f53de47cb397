import { describe, expect, it } from 'vitest';
import { Scheduler, type SchedulerHooks } from '../../src/main/engine/scheduler';
import { FakeClock } from '../support/fake-clock';

function hooks(overrides: Partial<SchedulerHooks>): SchedulerHooks & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    nextFetchAt: () => null,
    nextPublishAt: () => null,
    nextRecycleAt: () => Number.MAX_SAFE_INTEGER,
    runFetchCycle: () => {
      calls.push('fetch');
      return Promise.resolve();
    },
    runPublishCycle: () => {
      calls.push('publish');
      return Promise.resolve();
    },
    runRecycle: () => calls.push('recycle'),
    isOnline: () => true,
    onError: (error) => {
      throw error;
    },
    ...overrides,
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

describe('Scheduler', () => {
  it('arms one timer for the earliest due time and runs only what is due', async () => {
    const clock = new FakeClock(0);
    let fetchAt: number | null = 1_000;
    const h = hooks({
      nextFetchAt: () => fetchAt,
      nextPublishAt: () => 5_000,
      runFetchCycle: () => {
        h.calls.push('fetch');
        fetchAt = 60_000;
        return Promise.resolve();
      },
    });
    const scheduler = new Scheduler(clock, h);
    scheduler.start();
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.nextTimerAt()).toBe(1_000);
    clock.fireNext();
    await settle();
    expect(h.calls).toEqual(['fetch']);
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.nextTimerAt()).toBe(5_000);
  });

  it('arms nothing when nothing is due', () => {
    const clock = new FakeClock(0);
    const scheduler = new Scheduler(clock, hooks({ nextRecycleAt: () => Number.POSITIVE_INFINITY }));
    scheduler.start();
    expect(clock.pendingTimers()).toBe(0);
    expect(scheduler.nextWakeAt).toBeNull();
  });

  it('skips fetching while offline without losing the publish cycle', async () => {
    const clock = new FakeClock(0);
    const h = hooks({ nextFetchAt: () => 0, nextPublishAt: () => 0, isOnline: () => false });
    const scheduler = new Scheduler(clock, h);
    scheduler.start();
    clock.fireNext();
    await settle();
    expect(h.calls).toEqual(['publish']);
  });

  it('stop cancels the timer', () => {
    const clock = new FakeClock(0);
    const scheduler = new Scheduler(clock, hooks({ nextFetchAt: () => 10 }));
    scheduler.start();
    scheduler.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});
