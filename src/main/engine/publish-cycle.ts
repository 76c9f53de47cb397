import { asksToWait, breaksTheTrigger } from '../../workers/task-errors';
import type { Delivery, PublishBatchResult, PublishResult, TaskError } from '../../workers/tasks';
import { publishRetryDelay } from './backoff';
import { httpPolicy, runtimeAccount, runtimeParams, taskDeadline, type EngineContext } from './engine-context';
import { emptyReport, type CycleReport } from './fetch-cycle';
import { HostRunners } from './host-runners';
import { PublishLane, type Batch, type PublishingTrigger, type TriggerWork } from './publish-lane';
import { GroupCommit } from './store/group-commit';
import type { NewRun } from './store/activity-log';
import type { ClaimedItem } from './store/outbox';
import { startInSlices } from './start-in-slices';
import { TurnBudget } from './turn-budget';
import { renderTemplate } from './template';

// The publish cycle: queued items (at most maxPerRun per trigger, oldest first) go to `sending`
// under a lease and are committed before the consumer call, which carries the item's idempotency
// key; the answer moves them to sent / retry at T / failed. After a crash, `sending` rows are put
// back in the queue with the same key (Outbox.recoverSending, before each cycle), so the consumer
// can dedupe.
//
// Items travel in batches per consumer host (publish-lane.ts): each of the host's slots claims up
// to BATCH_SIZE items in one commit and hands them to a worker, which sends them one after another
// (workers/publish-batch.ts), and the slot's next batch is queued in the worker behind the one on
// the network. One item per hand-off cost a slot 20–30 ms per delivery.

export const MAX_PUBLISH_ATTEMPTS = 10;
const LEASE_MARGIN_MS = 60_000;
/**
 * Items per batch. With 100 ms answers a batch holds its slot for ~0.8 s; larger batches gained
 * little and make a trigger's activity row and the cycle's deadline wait longer.
 */
export const BATCH_SIZE = 8;
/** Triggers read per turn of the event loop when a cycle starts. */
const PREPARE_SLICE = 64;
/** The pool's name for deliveries with no network host (a folder): never a host name. */
const LOCAL_DELIVERIES = '(local)';

/** Whether a process still runs (signal 0 checks without signalling; EPERM means it exists). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A publish row of the activity log for one trigger. */
function publishRun(
  trigger: PublishingTrigger,
  at: number,
  fields: { outcome: NewRun['outcome']; publishedCount?: number; failedCount?: number; message: string | null; durationMs: number },
): NewRun {
  return {
    at,
    triggerId: trigger.id,
    triggerName: trigger.name,
    kind: 'publish',
    provider: trigger.providerService,
    consumer: trigger.consumerService,
    outcome: fields.outcome,
    newCount: 0,
    publishedCount: fields.publishedCount ?? 0,
    failedCount: fields.failedCount ?? 0,
    message: fields.message,
    durationMs: fields.durationMs,
  };
}

/** What one publish cycle shares between its lanes. */
interface CycleRun {
  /** This engine's count of publish cycles: workers keep what a cycle's batches learn under it. */
  number: number;
  signal: AbortSignal;
  report: CycleReport;
  /** Triggers paused during this cycle: their remaining items stay queued. */
  pausedNow: Set<number>;
  /** When the cycle's deadline comes, in wall-clock ms (workers start no delivery after it). */
  endsAt: number;
  /** Outcomes and activity rows being written. */
  writes: Array<Promise<void>>;
}

interface Claimed {
  work: TriggerWork;
  claimed: ClaimedItem;
}

/** A batch handed to a worker: its claims, and its answers to come. */
interface SentBatch {
  parts: Batch['parts'];
  claims: Claimed[];
  results: Promise<PublishBatchResult>;
}

/** A write the cycle awaits at its end (handled now, so a failure before then is not an unhandled rejection). */
function keep(cycle: CycleRun, write: Promise<void>): void {
  write.catch(() => undefined);
  cycle.writes.push(write);
}

export class PublishCycle {
  /** Outcomes and activity rows share one commit with those of the next 20 ms (nothing waits for them). */
  private readonly outcomes: GroupCommit;
  /** Cycles run so far, so a worker never confuses one cycle's slots with another's. */
  private cycles = 0;
  /** Claiming and handing off batches: about 3 ms of it per turn of the event loop, then timers and I/O get theirs. */
  private readonly budget = new TurnBudget(3);

  constructor(private readonly context: EngineContext) {
    // Capped so that one commit stays short: 2 batches, each up to 8 outcomes and 8 activity rows.
    this.outcomes = new GroupCommit(context.store, { maxDelayMs: 20, maxPerCommit: 2 });
  }

  async run(options: { signal: AbortSignal; triggerId?: number }): Promise<CycleReport> {
    const { store, clock } = this.context;
    const report = emptyReport();
    store.outbox.recoverSending(clock.now(), processIsAlive);
    const perTrigger = this.queuedItems(options.triggerId);
    if (perTrigger.size === 0) return report;
    const settings = this.context.settings();
    this.cycles += 1;
    const cycle: CycleRun = {
      number: this.cycles,
      signal: options.signal,
      report,
      pausedNow: new Set(),
      endsAt: Date.now() + settings.cycleDeadlineSeconds * 1000,
      writes: [],
    };
    await this.context.pool.startThreads({ upTo: perTrigger.size, signal: options.signal });
    const lanes = new HostRunners(
      (host) => new PublishLane(host),
      (lane) => this.runLane(lane, cycle, `${cycle.number}/${lane.host ?? ''}/${lane.runners}`),
    );
    try {
      // Triggers are read as their lanes are filled, and a lane starts sending as soon as it has
      // work, so the first deliveries leave before 10,000 triggers have been read. Reading a
      // trigger and its secrets takes ~70 µs, so a slice of 64 holds the thread ~5 ms.
      await startInSlices(perTrigger, ([triggerId, ids]) => {
        let work: TriggerWork | null;
        let host: string | null;
        try {
          work = this.prepare(triggerId, ids);
          if (!work) return Promise.resolve();
          host = work.service.hostOf(work.params, work.account);
        } catch (error) {
          // Its items stay queued and its activity row says why; the other triggers go on.
          this.recordInternalError(triggerId, error, report);
          return Promise.resolve();
        }
        const lane = lanes.queueFor(host);
        lane.add(work);
        lanes.staff(lane, settings.perHostCap);
        return Promise.resolve();
      }, PREPARE_SLICE);
    } finally {
      await lanes.finish();
    }
    this.outcomes.flushPending();
    await Promise.all(cycle.writes);
    return report;
  }

  /** The publishable items' ids per trigger, oldest first (the queue's rows themselves are not kept for the cycle). */
  private queuedItems(triggerId: number | undefined): Map<number, number[]> {
    const perTrigger = new Map<number, number[]>();
    for (const { id, triggerId: owner } of this.context.store.outbox.publishable(this.context.clock.now(), triggerId)) {
      const ids = perTrigger.get(owner);
      if (ids) ids.push(id);
      else perTrigger.set(owner, [id]);
    }
    return perTrigger;
  }

  private recordInternalError(triggerId: number, error: unknown, report: CycleReport): void {
    const { store, clock } = this.context;
    const trigger = store.triggers.get(triggerId);
    if (!trigger) return;
    report.runs.push(store.runs.add(publishRun(trigger, clock.now(), { outcome: 'error', message: `Internal error: ${String(error)}`, durationMs: 0 })));
  }

  private prepare(triggerId: number, ids: number[]): TriggerWork | null {
    const trigger = this.context.store.triggers.get(triggerId);
    if (!trigger) return null;
    const service = this.context.findService(trigger.consumerService);
    if (!service) return null;
    const provider = this.context.findService(trigger.providerService);
    return {
      // Service ids from the registry: one string for every trigger, not a copy per record.
      trigger: { id: trigger.id, name: trigger.name, template: trigger.template, providerService: provider?.id ?? trigger.providerService, consumerService: service.id },
      service,
      params: runtimeParams(this.context, trigger, 'consumer'),
      account: runtimeAccount(this.context, trigger.consumerAccountId),
      ids,
      taken: 0,
      batches: 0,
      tally: { published: 0, failed: 0, retried: 0, firstError: null, started: this.context.clock.now() },
    };
  }

  /**
   * One of a host's slots, held while the lane has work: batch after batch, the next one claimed
   * and queued in the worker behind the one on the network.
   */
  private async runLane(lane: PublishLane, cycle: CycleRun, slot: string): Promise<void> {
    const { store, clock, gate } = this.context;
    await gate.run(lane.host, async () => {
      let carry: TriggerWork | null = null;
      // The batch on the network or queued in the worker; always finished, even if a claim throws.
      let ahead: SentBatch | null = null;
      try {
        for (;;) {
          // Checked before each claim: the deadline, or a host that asked us to wait.
          if (cycle.signal.aborted || (lane.host && store.hostLimits.notBefore(lane.host) > clock.now())) lane.stopped = true;
          if (lane.stopped) break;
          const batch = lane.takeBatch(carry, BATCH_SIZE);
          if (batch.parts.length === 0) {
            if (!lane.open) break;
            await lane.moreWork();
            continue;
          }
          carry = batch.carry;
          for (const { work } of batch.parts) work.batches += 1;
          const queuedAhead: number = ahead?.claims.length ?? 0;
          const sent: SentBatch | null = await this.budget.run(() => this.send(lane, batch.parts, cycle, slot, queuedAhead));
          const previous = ahead;
          ahead = sent;
          if (previous) await this.finish(previous, lane, cycle);
          if (!sent) {
            const rows = this.activityRows(this.partsDone(batch.parts), cycle.report);
            if (rows) keep(cycle, this.outcomes.write(rows));
          }
        }
      } finally {
        if (ahead) await this.finish(ahead, lane, cycle);
      }
      // Its items not all taken (the lane stopped): the row says what was done.
      const carried = carry ? this.activityRows([carry], cycle.report) : null;
      if (carried) keep(cycle, this.outcomes.write(carried));
    });
  }

  /** Claims a batch's items (one commit) and hands them to the slot's worker; null when none could be claimed. */
  private send(lane: PublishLane, parts: Batch['parts'], cycle: CycleRun, slot: string, queuedAhead: number): SentBatch | null {
    const { store, clock, pool } = this.context;
    const settings = this.context.settings();
    const wanted = parts.flatMap(({ work, ids }) => (cycle.pausedNow.has(work.trigger.id) ? [] : ids.map((id) => ({ work, id }))));
    if (wanted.length === 0) return null;
    // The lease outlives the task's hard deadline, which counts the batch queued ahead of it too,
    // so only a dead or stuck holder loses it. The claims are committed before any consumer call.
    const hardDeadline = taskDeadline(settings) * (wanted.length + queuedAhead);
    const until = clock.now() + hardDeadline + LEASE_MARGIN_MS;
    const claims = store.transaction(() =>
      wanted.flatMap(({ work, id }): Claimed[] => {
        const claimed = store.outbox.claim(id, process.pid, until);
        return claimed ? [{ work, claimed }] : [];
      }),
    );
    if (claims.length === 0) return null;
    const deliveries = claims.map(({ work, claimed }): Delivery => ({
      service: work.service.id,
      params: work.params,
      account: work.account,
      triggerId: work.trigger.id,
      triggerName: work.trigger.name,
      item: claimed.item,
      text: renderTemplate(work.trigger.template, claimed.item, work.service.maxLength).text,
      idempotencyKey: claimed.idempotencyKey,
    }));
    const task = {
      kind: 'publish' as const,
      slot,
      cycle: cycle.number,
      host: lane.host,
      deliveries,
      http: httpPolicy(settings),
      stopAfterMs: Math.max(0, cycle.endsAt - Date.now()),
    };
    // A slot's batches must reach one thread, in order: those with no network host all go to one.
    const results = pool.run(task, hardDeadline, lane.host ?? LOCAL_DELIVERIES).then(
      (answer): PublishBatchResult => {
        if (!Array.isArray(answer)) throw new Error('the worker sent no result per delivery');
        return answer;
      },
    ).catch((error: unknown): PublishBatchResult => {
      const failure: PublishResult = {
        ok: false,
        error: { kind: 'internal', message: `Worker failed: ${error instanceof Error ? error.message : String(error)}`, permanent: false },
      };
      return claims.map(() => failure);
    });
    return { parts, claims, results };
  }

  /** Waits for a batch's answers and settles them; their outcomes are committed with the writes of the next 20 ms. */
  private async finish(sent: SentBatch, lane: PublishLane, cycle: CycleRun): Promise<void> {
    const { store, clock } = this.context;
    const results = await sent.results;
    const now = clock.now();
    const writes = sent.claims.map(({ work, claimed }, index) => {
      const result = results[index] ?? null;
      return result === null ? () => void store.outbox.release(claimed.id, claimed.lease) : this.settle(lane, work, claimed, result, now, cycle);
    });
    // The activity row of a trigger whose items are all done shares the commit of its last outcomes.
    const rows = this.activityRows(this.partsDone(sent.parts), cycle.report);
    const committed = this.outcomes.write(() => {
      for (const write of writes) write();
      rows?.();
    });
    keep(cycle, committed);
  }

  /** Counts a batch as answered for each of its triggers; returns those whose items are all taken and answered. */
  private partsDone(parts: Batch['parts']): TriggerWork[] {
    const done: TriggerWork[] = [];
    for (const { work } of parts) {
      work.batches -= 1;
      if (work.batches === 0 && work.taken === work.ids.length) done.push(work);
    }
    return done;
  }

  /**
   * One delivery's answer, counted and acted on at once (a pause or a host's request to wait
   * stops what follows before the next batch leaves); returns its outbox write, which shares a
   * commit with the writes of the next 20 ms.
   */
  private settle(lane: PublishLane, work: TriggerWork, claimed: ClaimedItem, result: PublishResult, now: number, cycle: CycleRun): () => void {
    const { store } = this.context;
    const { tally } = work;
    if (result.ok) {
      tally.published += 1;
      return () => void store.outbox.markSent(claimed.id, claimed.lease, now, result.remoteId ?? null);
    }
    const { error } = result;
    tally.firstError ??= error.message;
    if (asksToWait(error)) lane.stopped = true;
    const itemWrite = this.failedItemWrite(work, claimed, error, now, cycle);
    // Whatever became of the item, a time the host gave is kept for every trigger on that host.
    const waitHost = error.retryAfterMs !== undefined && lane.host ? (error.host ?? lane.host) : null;
    if (waitHost === null || error.retryAfterMs === undefined) return itemWrite;
    const until = now + error.retryAfterMs;
    return () => {
      store.hostLimits.delay(waitHost, until, error.message);
      itemWrite();
    };
  }

  /** A failed delivery counted in the trigger's tally (and the trigger paused if its consumer broke); returns the item's outbox write. */
  private failedItemWrite(work: TriggerWork, claimed: ClaimedItem, error: TaskError, now: number, cycle: CycleRun): () => void {
    const { store, random } = this.context;
    const { trigger, tally } = work;
    if (error.kind === 'rate-limited') {
      // Waiting is not the item's fault: the try does not count.
      tally.retried += 1;
      const at = now + (error.retryAfterMs ?? publishRetryDelay(1, random));
      return () => void store.outbox.markRetry(claimed.id, claimed.lease, at, error.message, false);
    }
    if (breaksTheTrigger(error)) {
      tally.retried += 1;
      let pauseReason: string | null = null;
      if (!cycle.pausedNow.has(trigger.id)) {
        cycle.pausedNow.add(trigger.id);
        pauseReason = `${work.service.label}: ${error.message}`;
        cycle.report.paused.push({ triggerId: trigger.id, triggerName: trigger.name, reason: pauseReason });
      }
      return () => {
        store.outbox.markRetry(claimed.id, claimed.lease, now, error.message, false);
        if (pauseReason !== null) store.triggers.pause(trigger.id, pauseReason);
      };
    }
    if (error.permanent || claimed.attempts >= MAX_PUBLISH_ATTEMPTS) {
      tally.failed += 1;
      const reason = error.permanent ? error.message : `Gave up after ${claimed.attempts} attempts: ${error.message}`;
      return () => void store.outbox.markFailed(claimed.id, claimed.lease, reason);
    }
    tally.retried += 1;
    const at = now + publishRetryDelay(claimed.attempts, random);
    return () => void store.outbox.markRetry(claimed.id, claimed.lease, at, error.message, true);
  }

  /** The activity rows of these triggers (one per trigger that attempted something), as one write; null when there is none. */
  private activityRows(works: readonly TriggerWork[], report: CycleReport): (() => void) | null {
    const { store, clock } = this.context;
    const attempted = works.filter(({ tally }) => tally.published + tally.failed + tally.retried > 0);
    if (attempted.length === 0) return null;
    return () => {
      for (const { trigger, tally } of attempted) {
        const now = clock.now();
        const run = publishRun(trigger, now, {
          outcome: tally.failed + tally.retried > 0 && tally.published === 0 ? 'error' : 'ok',
          publishedCount: tally.published,
          failedCount: tally.failed + tally.retried,
          message: tally.firstError,
          durationMs: now - tally.started,
        });
        report.runs.push(store.runs.add(run));
      }
    };
  }
}
