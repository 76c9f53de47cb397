import type { FeedItem, NewItemsEvent, RunView, TriggerPausedEvent } from '../../shared/models';
import type { ServiceDefinition } from '../../workers/services/service';
import type { FetchResult, FetchState, ItemDemand, SeenItem, TaskError } from '../../workers/tasks';
import { backoffDelay, jitteredInterval } from './backoff';
import { httpPolicy, intervalMs, runtimeAccount, runtimeParams, taskDeadline, type EngineContext } from './engine-context';
import { compileFilter } from './filters';
import { HostQueue } from './host-queue';
import { HostRunners } from './host-runners';
import { GroupCommit } from './store/group-commit';
import { startInSlices } from './start-in-slices';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { NewRun } from './store/activity-log';
import type { NewItemRow } from './store/outbox';
import type { TriggerRecord } from './store/trigger-store';

// The fetch cycle: every due source (triggers reading the same feed share one fetch — fan-out),
// through the host gate to a worker, and the result back into the outbox in one transaction per
// source. A source's failure touches its own triggers only.

export interface CycleReport {
  runs: RunView[];
  found: NewItemsEvent[];
  paused: TriggerPausedEvent[];
  /** Sources left for the next cycle because the deadline came first. */
  deferred: number;
}

/** Triggers read per event-loop turn at a cycle's start (a few ms of the main thread per page). */
const TRIGGER_PAGE = 512;
/** Up to this many sources, a cycle looks each one up instead of paging through every trigger. */
const FEW_SOURCES = 64;

export function emptyReport(): CycleReport {
  return { runs: [], found: [], paused: [], deferred: 0 };
}

/** How many of a trigger's latest keys go to the worker (a feed rarely lists more items). */
const KNOWN_KEYS_SENT = 200;

/** A seen item as an outbox row needs it: no content, which a baseline row never keeps. */
function seenAsItem(seen: SeenItem): FeedItem {
  // Spelled out rather than spread: a first run converts tens of thousands of these.
  return { key: seen.key, title: seen.title, url: seen.url, published: seen.published, contentHtml: null, contentText: null, author: null, tags: [], source: null };
}

function errorText(error: TaskError): string {
  return error.message;
}

/** A fetch row of the activity log for one trigger. */
function fetchRun(
  trigger: TriggerRecord,
  at: number,
  fields: { outcome: NewRun['outcome']; newCount?: number; message: string | null; durationMs: number },
): NewRun {
  return {
    at,
    triggerId: trigger.id,
    triggerName: trigger.name,
    kind: 'fetch',
    provider: trigger.providerService,
    consumer: trigger.consumerService,
    publishedCount: 0,
    failedCount: 0,
    newCount: fields.newCount ?? 0,
    outcome: fields.outcome,
    message: fields.message,
    durationMs: fields.durationMs,
  };
}

/** What one fetch cycle shares between its runners. */
interface CycleRun {
  signal: AbortSignal;
  report: CycleReport;
  /** Results being written (the cycle waits for them at its end). */
  writes: Array<Promise<void>>;
}

/** A due source as its host's queue holds it: what its fetch needs, read once. */
interface DueSource {
  sourceKey: string;
  triggers: TriggerRecord[];
  /** The trigger whose parameters the fetch uses (all of a source's triggers read the same feed). */
  lead: TriggerRecord;
  service: ServiceDefinition;
  params: Record<string, unknown>;
  account: Record<string, unknown> | null;
  host: string | null;
}

export class FetchCycle {
  /**
   * Each source's results are written in one transaction shared with the sources done within
   * 20 ms (nothing waits for these writes but the cycle's end).
   */
  private readonly writes: GroupCommit;

  constructor(private readonly context: EngineContext) {
    this.writes = new GroupCommit(context.store, { maxDelayMs: 20 });
  }

  /**
   * Fetches `sourceKeys` (default: every due source, or every active one with `all`). Sources not
   * started when `signal` aborts (the cycle deadline) stay due for the next cycle.
   *
   * Sources queue per host (host-queue.ts), and each host gets as many runners as it has slots
   * (the global cap for sources without a network host); a runner fetches its host's sources one
   * after another through the gate.
   */
  async run(options: { all: boolean; signal: AbortSignal; sourceKeys?: readonly string[] }): Promise<CycleReport> {
    const { store, clock } = this.context;
    const cycle: CycleRun = { signal: options.signal, report: emptyReport(), writes: [] };
    const keys = options.sourceKeys ?? store.triggers.dueSourceKeys(clock.now(), options.all);
    if (keys.length > 0) await this.context.pool.startThreads({ upTo: keys.length, signal: options.signal });
    const groups = await this.activeBySources(keys);
    const settings = this.context.settings();
    const hosts = new HostRunners((host) => new HostQueue<DueSource>(host), (queue) => this.runQueue(queue, cycle));
    try {
      await startInSlices(groups, ([sourceKey, triggers]) => {
        let source: DueSource | null;
        try {
          source = this.prepare(sourceKey, triggers, cycle.report);
        } catch (error) {
          // As for a failure later in its fetch: this source's error, and the cycle goes on.
          this.recordInternalError(triggers, error, cycle.report);
          return Promise.resolve();
        }
        if (!source) return Promise.resolve();
        const queue = hosts.queueFor(source.host);
        queue.push(source);
        hosts.staff(queue, source.host === null ? settings.maxInFlight : settings.perHostCap);
        return Promise.resolve();
      });
    } finally {
      await hosts.finish();
    }
    // Every source is done: their last results need not wait for company.
    this.writes.flushPending();
    await Promise.all(cycle.writes);
    return cycle.report;
  }

  /**
   * The active triggers of `sourceKeys`, grouped by source in the order of their first trigger.
   * Read a page at a time with a turn of the event loop between pages: read at once, 10,000
   * triggers held the main thread for 200–275 ms at the cycle's start.
   */
  private async activeBySources(sourceKeys: readonly string[]): Promise<Map<string, TriggerRecord[]>> {
    const groups = new Map<string, TriggerRecord[]>();
    if (sourceKeys.length <= FEW_SOURCES) {
      // "Run now", or a few sources due: a lookup each is cheaper than paging through every trigger.
      for (const key of sourceKeys) {
        const triggers = this.context.store.triggers.activeBySource(key);
        if (triggers.length > 0) groups.set(key, triggers);
      }
      return groups;
    }
    const wanted = new Set(sourceKeys);
    for (let afterId = 0; ; await nextTurn()) {
      const page = this.context.store.triggers.activePage(afterId, TRIGGER_PAGE);
      for (const trigger of page) {
        if (!wanted.has(trigger.sourceKey)) continue;
        const group = groups.get(trigger.sourceKey);
        if (group) group.push(trigger);
        else groups.set(trigger.sourceKey, [trigger]);
      }
      const last = page.at(-1);
      if (!last || page.length < TRIGGER_PAGE) return groups;
      afterId = last.id;
    }
  }

  /** One of a host's runners: its sources one after another until the queue is closed and empty. */
  private async runQueue(queue: HostQueue<DueSource>, cycle: CycleRun): Promise<void> {
    for (;;) {
      const source = queue.take();
      if (!source) {
        if (!queue.open) return;
        await queue.moreWork();
        continue;
      }
      try {
        await this.fetchSource(source, cycle);
      } catch (error) {
        // A bug in one source's handling must not stop the cycle; it is logged as that source's error.
        this.recordInternalError(source.triggers, error, cycle.report);
      }
    }
  }

  /**
   * A source's results, written with those of the sources done within 20 ms. The runner does not
   * wait for that commit: its host slot goes to the next source at once.
   */
  private write(cycle: CycleRun, triggers: readonly TriggerRecord[], work: () => void): void {
    cycle.writes.push(this.writes.write(work).catch((error: unknown) => this.recordInternalError(triggers, error, cycle.report)));
  }

  private recordInternalError(triggers: readonly TriggerRecord[], error: unknown, report: CycleReport): void {
    this.recordError(triggers, { kind: 'internal', message: `Internal error: ${String(error)}`, permanent: false }, this.context.clock.now(), 0, report);
  }

  /**
   * What a source's fetch needs, read once when the cycle reaches it; null when it will not be
   * fetched this cycle (an unknown service, or a host that asked us to wait), which is recorded.
   */
  private prepare(sourceKey: string, triggers: TriggerRecord[], report: CycleReport): DueSource | null {
    const { store, clock } = this.context;
    const lead = triggers[0];
    if (!lead) return null;
    const service = this.context.findService(lead.providerService);
    if (!service) {
      this.recordError(triggers, { kind: 'config', message: `Unknown service "${lead.providerService}"`, permanent: true }, clock.now(), 0, report);
      return null;
    }
    const params = runtimeParams(this.context, lead, 'provider');
    const account = runtimeAccount(this.context, lead.providerAccountId);
    const host = service.hostOf(params, account);
    const notBefore = host ? store.hostLimits.notBefore(host) : 0;
    if (notBefore > clock.now()) {
      this.postponeForHost(triggers, host ?? '', notBefore, report);
      return null;
    }
    return { sourceKey, triggers, lead, service, params, account, host };
  }

  private async fetchSource(source: DueSource, cycle: CycleRun): Promise<void> {
    const { signal, report } = cycle;
    const { store, clock, gate, pool } = this.context;
    const { sourceKey, triggers, lead, service, params, account, host } = source;
    const settings = this.context.settings();
    let started = 0;
    const result = await gate.run(host, async (): Promise<FetchResult | null> => {
      if (signal.aborted) return null;
      // The host may have asked us to wait while this source was queued behind others.
      if (host && store.hostLimits.notBefore(host) > clock.now()) return null;
      // Read once a slot is free, so a cycle's start does not read every source's state at once.
      // A trigger without a baseline needs the whole feed, so validators are not sent for it.
      const state: FetchState = triggers.some((trigger) => trigger.baselineAt === null) ? {} : store.fetchState.get(sourceKey);
      const demand = this.demandOf(triggers);
      started = clock.now();
      try {
        return await pool.run({ kind: 'fetch', service: service.id, params, account, state, demand, http: httpPolicy(settings) }, taskDeadline(settings), host);
      } catch (error) {
        return { ok: false, error: { kind: 'internal', message: `Worker failed: ${error instanceof Error ? error.message : String(error)}`, permanent: false } };
      }
    });
    const now = clock.now();
    if (result === null) {
      if (host && store.hostLimits.notBefore(host) > now) this.postponeForHost(triggers, host, store.hostLimits.notBefore(host), report);
      else report.deferred += 1;
      return;
    }
    const duration = now - started;
    if (!result.ok) {
      this.write(cycle, triggers, () => {
        if (result.error.retryAfterMs !== undefined && host) {
          store.hostLimits.delay(result.error.host ?? host, now + result.error.retryAfterMs, result.error.message);
        }
        this.recordError(triggers, result.error, now, duration, report);
      });
      return;
    }
    this.write(cycle, triggers, () => {
      if (result.retryAfterMs !== undefined && host) store.hostLimits.delay(result.host || host, now + result.retryAfterMs, 'rate-limit headers');
      let currentKey = sourceKey;
      if (result.movedTo && service.sourceKey) {
        const movedParams = { ...lead.providerParams, url: result.movedTo };
        currentKey = service.sourceKey(movedParams, account);
        store.triggers.moveSource(sourceKey, currentKey, (record) => ({ ...record.providerParams, url: result.movedTo }), now);
        store.fetchState.remove(sourceKey);
      }
      store.fetchState.save(currentKey, { ...result.state, url: undefined }, now);
      // Read again inside the transaction: a "Run now" of the same source may have just taken the
      // baseline while this fetch was in flight.
      for (const trigger of triggers) this.recordItems(store.triggers.get(trigger.id) ?? trigger, result, now, duration, report);
      store.triggers.recordSuccess(
        triggers.map((trigger) => trigger.id),
        (id) => {
          const trigger = triggers.find((candidate) => candidate.id === id);
          return now + jitteredInterval(trigger ? intervalMs(trigger, settings) : settings.fetchIntervalSeconds * 1000, this.context.random);
        },
        now,
      );
    });
  }

  /**
   * What the worker needs to send back in full: items every trigger of the source already has
   * are left out, and when every trigger is on its first run only the latest N they publish.
   */
  private demandOf(triggers: readonly TriggerRecord[]): ItemDemand {
    const { outbox } = this.context.store;
    let known: Set<string> | null = null;
    for (const trigger of triggers) {
      if (trigger.baselineAt === null) {
        known = new Set();
        break;
      }
      const keys = outbox.recentKeys(trigger.id, KNOWN_KEYS_SENT);
      known = known === null ? new Set(keys) : new Set(keys.filter((key) => known?.has(key)));
    }
    const firstRuns = triggers.every((trigger) => trigger.baselineAt === null);
    return { known: [...(known ?? [])], full: firstRuns ? Math.max(0, ...triggers.map((trigger) => trigger.firstRunLatest)) : null };
  }

  private recordItems(
    trigger: TriggerRecord,
    result: Extract<FetchResult, { ok: true }>,
    now: number,
    duration: number,
    report: CycleReport,
  ): void {
    const { store } = this.context;
    if (result.status === 'unchanged' && trigger.baselineAt !== null) {
      report.runs.push(store.runs.add(fetchRun(trigger, now, { outcome: 'unchanged', message: null, durationMs: duration })));
      return;
    }
    const filter = compileFilter(trigger.include, trigger.exclude);
    // Newest first: the items in full, then the ones the worker sent as seen only.
    const ordered = [...result.items, ...(result.seen ?? []).map(seenAsItem)];
    const full = result.items.length;
    const known = store.outbox.knownKeys(trigger.id, ordered.map((item) => item.key));
    const baseline = trigger.baselineAt === null;
    const rows: NewItemRow[] = [];
    ordered.forEach((item, position) => {
      if (known.has(item.key)) return;
      // A seen-only item has no content to publish: it is recorded as seen even when another
      // fetch took this trigger's baseline while this one was in flight.
      if ((baseline && rows.length >= trigger.firstRunLatest) || position >= full) {
        rows.push({ triggerId: trigger.id, item, state: 'skipped', reason: 'baseline' });
        return;
      }
      const rejected = filter.reject(item);
      rows.push(rejected ? { triggerId: trigger.id, item, state: 'filtered', reason: rejected } : { triggerId: trigger.id, item, state: 'pending', reason: null });
    });
    // Oldest first, so ids (and publishing order) follow the feed's chronology.
    const inserted = store.outbox.insertNew(rows.reverse(), now);
    const pending = inserted.filter((row) => row.state === 'pending');
    const filtered = inserted.filter((row) => row.state === 'filtered').length;
    let message: string | null = null;
    if (baseline) {
      const seen = inserted.length - pending.length - filtered;
      message = `First run: ${seen} item${seen === 1 ? '' : 's'} already there recorded as seen`;
      if (pending.length > 0) message += `; the latest ${pending.length} will be published`;
    } else if (filtered > 0) {
      message = `${filtered} filtered out`;
    }
    report.runs.push(store.runs.add(fetchRun(trigger, now, { outcome: 'ok', newCount: pending.length, message, durationMs: duration })));
    if (pending.length > 0) {
      const newestFirstPending = [...pending].reverse();
      report.found.push({
        triggerId: trigger.id,
        triggerName: trigger.name,
        notify: trigger.notify,
        count: pending.length,
        items: newestFirstPending.slice(0, 5).map((row) => ({ id: row.id, title: row.item.title, url: row.item.url })),
      });
    }
  }

  private recordError(triggers: readonly TriggerRecord[], error: TaskError, now: number, duration: number, report: CycleReport): void {
    const { store } = this.context;
    const settings = this.context.settings();
    for (const trigger of triggers) {
      let message = errorText(error);
      if (error.kind === 'rate-limited' && error.retryAfterMs !== undefined) {
        // Etiquette, not a failure: wait as asked, do not count it towards the pause.
        const until = now + error.retryAfterMs;
        store.triggers.postpone([trigger.id], until);
        message += ` — next try after ${new Date(until).toISOString()}`;
      } else if (error.permanent) {
        store.triggers.recordFailure(trigger.id, now + intervalMs(trigger, settings), message);
        report.paused.push({ triggerId: trigger.id, triggerName: trigger.name, reason: message });
      } else {
        const failures = trigger.consecutiveFailures + 1;
        const delay = backoffDelay(failures, intervalMs(trigger, settings), this.context.random);
        const pause = failures >= settings.maxConsecutiveFailures ? `Paused after ${failures} consecutive failures: ${message}` : null;
        store.triggers.recordFailure(trigger.id, now + delay, pause);
        if (pause) {
          // The activity row says why the trigger stopped, not only what failed this time.
          message = pause;
          report.paused.push({ triggerId: trigger.id, triggerName: trigger.name, reason: pause });
        }
      }
      report.runs.push(store.runs.add(fetchRun(trigger, now, { outcome: 'error', message, durationMs: duration })));
    }
  }

  private postponeForHost(triggers: readonly TriggerRecord[], host: string, until: number, report: CycleReport): void {
    const { store, clock } = this.context;
    const now = clock.now();
    store.transaction(() => {
      store.triggers.postpone(
        triggers.map((trigger) => trigger.id),
        until + Math.round(this.context.random() * 5_000),
      );
      for (const trigger of triggers) {
        const message = `Waiting: ${host} asked us not to call before ${new Date(until).toISOString()}`;
        report.runs.push(store.runs.add(fetchRun(trigger, now, { outcome: 'skipped', message, durationMs: 0 })));
      }
    });
  }
}
