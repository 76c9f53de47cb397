import { withDeadline } from './http/deadline';
import type { ServiceImplementation } from './services/service';
import { asksToWait, breaksTheTrigger, configError, internalError } from './task-errors';
import type { Delivery, HttpPolicy, PublishBatchResult, PublishResult, PublishTask } from './tasks';

// A publish task is a short queue of deliveries for one host slot, sent one after another. The
// engine keeps a slot's next batch queued here behind the current one (same `slot`), so the next
// delivery leaves as soon as the previous is answered, without a round trip through the engine's
// thread (which cost a slot 20–30 ms per hand-off at 1,000 deliveries a second).
//
// What the engine would have decided between two deliveries, the worker decides here: it stops
// when the host asks to wait, skips the later deliveries of a trigger whose consumer broke, and
// starts nothing after the cycle's deadline or once the engine is stopping. Every later batch of
// the same cycle that reaches this thread sees the same decisions, on any slot of the host and
// however late it arrives: a batch the engine claimed before it heard of the break may get here
// after the batch that broke has finished. (A host's batches all come to one thread, unless the
// pool replaces its threads mid-cycle; the engine stops the host's lane too once it hears.)
// Whatever was not attempted comes back as null, and the engine puts those items back in the
// queue as they were.

export type FindImplementation = (id: string) => ServiceImplementation | undefined;

/** A slot's batches in flight, kept while it has batches running or queued. */
interface SlotState {
  /** Settles when the slot's last queued batch is done. */
  tail: Promise<void>;
  batches: number;
}

/** What a publish cycle's batches have learnt in this thread. */
interface CycleState {
  waitingHosts: Set<string>;
  brokenTriggers: Set<number>;
  /** The latest any of its batches may start a delivery (its deadline): kept until then. */
  until: number;
}

const slots = new Map<string, SlotState>();
const cycles = new Map<number, CycleState>();

/** The cycle's state, kept until its deadline; those past theirs are dropped as another cycle starts. */
function cycleState(cycle: number, stopAt: number, now: number): CycleState {
  let state = cycles.get(cycle);
  if (!state) {
    for (const [number, old] of cycles) if (old.until < now) cycles.delete(number);
    state = { waitingHosts: new Set(), brokenTriggers: new Set(), until: stopAt };
    cycles.set(cycle, state);
  }
  state.until = Math.max(state.until, stopAt);
  return state;
}

async function deliver(delivery: Delivery, http: HttpPolicy, find: FindImplementation): Promise<PublishResult> {
  const service = find(delivery.service);
  const publish = service?.publish?.bind(service);
  if (!publish) return configError(`Service "${delivery.service}" cannot be a consumer`);
  try {
    return await withDeadline(http.timeoutMs, (signal, deadlineAt) =>
      publish(
        { http, signal, deadlineAt },
        {
          params: delivery.params,
          account: delivery.account,
          item: delivery.item,
          text: delivery.text,
          idempotencyKey: delivery.idempotencyKey,
          triggerName: delivery.triggerName,
        },
      ),
    );
  } catch (error) {
    return internalError(error);
  }
}

export interface BatchOptions {
  now?: () => number;
  /** True once the engine is stopping: no delivery starts after that. */
  stopping?: () => boolean;
}

async function sendInOrder(task: PublishTask, stopAt: number, find: FindImplementation, options: Required<BatchOptions>): Promise<PublishBatchResult> {
  const learnt = cycleState(task.cycle, stopAt, options.now());
  const hostWaits = (): boolean => task.host !== null && learnt.waitingHosts.has(task.host);
  const results: PublishBatchResult = [];
  for (const delivery of task.deliveries) {
    if (hostWaits() || learnt.brokenTriggers.has(delivery.triggerId) || options.now() >= stopAt || options.stopping()) {
      results.push(null);
      continue;
    }
    const result = await deliver(delivery, task.http, find);
    results.push(result);
    if (result.ok) continue;
    if (asksToWait(result.error)) {
      // A delivery with no host on the network (a folder) has nobody to wait for.
      if (task.host !== null) learnt.waitingHosts.add(task.host);
    } else if (breaksTheTrigger(result.error)) {
      learnt.brokenTriggers.add(delivery.triggerId);
    }
  }
  return results;
}

export async function runPublishBatch(task: PublishTask, find: FindImplementation, options: BatchOptions = {}): Promise<PublishBatchResult> {
  const settled: Required<BatchOptions> = { now: options.now ?? Date.now, stopping: options.stopping ?? (() => false) };
  const stopAt = settled.now() + task.stopAfterMs;
  let state = slots.get(task.slot);
  if (!state) {
    state = { tail: Promise.resolve(), batches: 0 };
    slots.set(task.slot, state);
  }
  const previous = state.tail;
  let done = (): void => undefined;
  state.tail = new Promise<void>((resolve) => (done = resolve));
  state.batches += 1;
  try {
    await previous;
    return await sendInOrder(task, stopAt, find, settled);
  } finally {
    done();
    state.batches -= 1;
    if (state.batches === 0) slots.delete(task.slot);
  }
}
