import type { TriggerPausedEvent } from '../../shared/models';
import type { PublishResult, TaskError } from '../../workers/tasks';
import { publishRetryDelay } from './backoff';
import { httpPolicy, runtimeAccount, runtimeParams, taskDeadline, type EngineContext } from './engine-context';
import { emptyReport, type CycleReport } from './fetch-cycle';
import type { TriggerRecord } from './store/trigger-store';
import { GroupCommit } from './store/group-commit';
import { startInSlices } from './start-in-slices';
import { renderTemplate } from './template';

// The publish cycle: queued items (at most maxPerRun per trigger, oldest first) go to `sending`
// under a lease and are committed before the consumer call, which carries the item's idempotency
// key; the answer moves them to sent / retry at T / failed. After a crash, `sending` rows are put
// back in the queue with the same key (Outbox.recoverSending, before each cycle), so the consumer
// can dedupe.

export const MAX_PUBLISH_ATTEMPTS = 10;
const LEASE_MARGIN_MS = 60_000;

/** Whether a process still runs (signal 0 checks without signalling; EPERM means it exists). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Errors that say the trigger's consumer, not this item, is broken: pause, keep the item queued. */
function breaksTheTrigger(error: TaskError): boolean {
  return error.kind === 'unauthorized' || error.kind === 'gone' || error.kind === 'config';
}

interface TriggerTally {
  trigger: TriggerRecord;
  published: number;
  failed: number;
  retried: number;
  firstError: string | null;
  started: number;
}

export class PublishCycle {
  /** Outcomes share one commit with those of the next 20 ms (nothing waits for them but the cycle's end). */
  private readonly outcomes: GroupCommit;
  /** The cycle's activity rows. */
  private readonly log: GroupCommit;

  constructor(private readonly context: EngineContext) {
    this.outcomes = new GroupCommit(context.store, { maxDelayMs: 20 });
    this.log = new GroupCommit(context.store, { maxPerCommit: 256 });
  }

  async run(options: { signal: AbortSignal; triggerId?: number }): Promise<CycleReport> {
    const { store, clock } = this.context;
    const report = emptyReport();
    store.outbox.recoverSending(clock.now(), processIsAlive);
    const queue = store.outbox.publishable(clock.now(), options.triggerId);
    if (queue.length === 0) return report;
    const pausedNow = new Set<number>();
    // One trigger's items go out one after another, oldest first, so a consumer shows them in the
    // feed's order; different triggers run side by side within the host caps.
    const perTrigger = new Map<number, number[]>();
    for (const { id, triggerId } of queue) perTrigger.set(triggerId, [...(perTrigger.get(triggerId) ?? []), id]);
    await startInSlices(perTrigger, async ([triggerId, ids]) => {
      // Read here rather than all before the first delivery, so the first deliveries leave at once.
      const trigger = store.triggers.get(triggerId);
      if (!trigger) return;
      const tally: TriggerTally = { trigger, published: 0, failed: 0, retried: 0, firstError: null, started: clock.now() };
      for (const id of ids) await this.publishOne(id, tally, options.signal, pausedNow, report.paused);
      // The trigger's activity row as soon as its items are done, while other deliveries are
      // still on the network (rows of the same moment share a commit).
      await this.logRun(tally, report);
    });
    return report;
  }

  private async logRun(tally: TriggerTally, report: CycleReport): Promise<void> {
    const { store, clock } = this.context;
    const attempted = tally.published + tally.failed + tally.retried;
    if (attempted === 0) return;
    const { trigger } = tally;
    const outcome = tally.failed + tally.retried > 0 && tally.published === 0 ? 'error' : 'ok';
    await this.log.write(() =>
      report.runs.push(
        store.runs.add({
          at: clock.now(),
          triggerId: trigger.id,
          triggerName: trigger.name,
          kind: 'publish',
          provider: trigger.providerService,
          consumer: trigger.consumerService,
          outcome,
          newCount: 0,
          publishedCount: tally.published,
          failedCount: tally.failed + tally.retried,
          message: tally.firstError,
          durationMs: clock.now() - tally.started,
        }),
      ),
    );
  }

  private async publishOne(
    itemId: number,
    tally: TriggerTally,
    signal: AbortSignal,
    pausedNow: Set<number>,
    paused: TriggerPausedEvent[],
  ): Promise<void> {
    const { store, clock, gate, pool } = this.context;
    const { trigger } = tally;
    const service = this.context.findService(trigger.consumerService);
    if (!service) return;
    const params = runtimeParams(this.context, trigger, 'consumer');
    const account = runtimeAccount(this.context, trigger.consumerAccountId);
    const host = service.hostOf(params, account);
    const settings = this.context.settings();

    const outcome = await gate.run(host, async () => {
      // Checked once a slot is free: the deadline, a pause or a rate limit may have come meanwhile.
      if (signal.aborted || pausedNow.has(trigger.id)) return null;
      if (host && store.hostLimits.notBefore(host) > clock.now()) return null;
      // The lease outlives the task's own hard deadline, so only a dead or stuck holder loses it.
      // The claim is committed before the consumer is called, in a transaction of its own: one
      // row's commit costs ~0.2 ms, while waiting for a shared commit cost every delivery 5–8 ms
      // of a slot the host cap keeps scarce.
      const claimed = store.transaction(() => store.outbox.claim(itemId, process.pid, clock.now() + taskDeadline(settings) + LEASE_MARGIN_MS));
      if (!claimed) return null;
      const rendered = renderTemplate(trigger.template, claimed.item, service.maxLength);
      let result: PublishResult;
      try {
        result = await pool.run(
          {
            kind: 'publish',
            service: service.id,
            params,
            account,
            item: claimed.item,
            text: rendered.text,
            idempotencyKey: claimed.idempotencyKey,
            triggerName: trigger.name,
            http: httpPolicy(settings),
          },
          taskDeadline(settings),
          host,
        );
      } catch (error) {
        result = { ok: false, error: { kind: 'internal', message: `Worker failed: ${error instanceof Error ? error.message : String(error)}`, permanent: false } };
      }
      return { claimed, result };
    });
    if (!outcome) return;
    const { claimed, result } = outcome;
    const now = clock.now();
    await this.outcomes.write(() => {
      if (result.ok) {
        store.outbox.markSent(claimed.id, claimed.lease, now, result.remoteId ?? null);
        tally.published += 1;
        return;
      }
      const { error } = result;
      tally.firstError ??= error.message;
      if (error.retryAfterMs !== undefined && host) {
        store.hostLimits.delay(error.host ?? host, now + error.retryAfterMs, error.message);
      }
      if (error.kind === 'rate-limited') {
        store.outbox.markRetry(claimed.id, claimed.lease, now + (error.retryAfterMs ?? publishRetryDelay(1, this.context.random)), error.message, false);
        tally.retried += 1;
      } else if (breaksTheTrigger(error)) {
        store.outbox.markRetry(claimed.id, claimed.lease, now, error.message, false);
        tally.retried += 1;
        if (!pausedNow.has(trigger.id)) {
          pausedNow.add(trigger.id);
          const reason = `${service.label}: ${error.message}`;
          store.triggers.pause(trigger.id, reason);
          paused.push({ triggerId: trigger.id, triggerName: trigger.name, reason });
        }
      } else if (error.permanent || claimed.attempts >= MAX_PUBLISH_ATTEMPTS) {
        store.outbox.markFailed(claimed.id, claimed.lease, error.permanent ? error.message : `Gave up after ${claimed.attempts} attempts: ${error.message}`);
        tally.failed += 1;
      } else {
        store.outbox.markRetry(claimed.id, claimed.lease, now + publishRetryDelay(claimed.attempts, this.context.random), error.message, true);
        tally.retried += 1;
      }
    });
  }
}
