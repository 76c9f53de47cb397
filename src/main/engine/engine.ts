import fs from 'node:fs';
import path from 'node:path';
import type { ContractEvents, EventName } from '../../shared/contract';
import type { EngineStatus, RunView } from '../../shared/models';
import { findServiceDefinition } from '../../workers/services/definitions';
import type { Engine } from './engine-api';
import type { EngineContext } from './engine-context';
import { emptyReport, FetchCycle, type CycleReport } from './fetch-cycle';
import { createHandlers } from './contract-handlers';
import { HostGate } from './host-gate';
import { buildNotifications } from './notifications';
import { WorkerPool } from './pool';
import type { EnginePorts } from './ports';
import { PublishCycle } from './publish-cycle';
import { recycle, RECYCLE_EVERY_MS } from './recycle';
import { Scheduler } from './scheduler';
import { openDatabase } from './store/database';
import { Store } from './store/store';
import { limitHeapGrowth } from './heap-growth';

// The engine facade: the store, the pool, the scheduler and the cycles, wired to the host's ports.
// The desktop app, the CLI, `serve` and the tests all create it the same way.

/** How long stop() waits for running cycles before closing anyway. */
const STOP_GRACE_MS = 10_000;

export class EngineCore implements Engine {
  readonly handlers;
  readonly store: Store;
  readonly notice: string | null;
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly context: EngineContext;
  private readonly fetchCycle: FetchCycle;
  private readonly publishCycle: PublishCycle;
  readonly scheduler: Scheduler;
  private readonly pool: WorkerPool;
  readonly gate: HostGate;
  private fetching: Promise<CycleReport> | null = null;
  private publishing: Promise<CycleReport> | null = null;
  private lastPublishAt = 0;
  private userPaused = false;
  private stopping: Promise<void> | null = null;
  private readonly cycleAborts = new Set<AbortController>();

  constructor(private readonly ports: EnginePorts) {
    const opened = openDatabase(ports.paths.databaseFile, { backupsDir: ports.paths.backupsDir, now: () => ports.clock.now() });
    this.store = new Store(opened.db);
    this.notice = opened.notice;
    if (opened.rebaseline) this.store.triggers.rebaselineAll(ports.clock.now());
    this.store.runs.onAdded = (run: RunView) => this.emit('run:added', run);

    const settings = ports.settings.get();
    this.pool = new WorkerPool({ workerFile: ports.paths.workerFile, threads: settings.poolSize, maxInFlight: settings.maxInFlight });
    this.gate = new HostGate(settings.perHostCap, settings.maxInFlight);
    this.context = {
      store: this.store,
      pool: this.pool,
      gate: this.gate,
      clock: ports.clock,
      random: ports.random ?? Math.random,
      secrets: ports.secrets,
      settings: () => ports.settings.get(),
      findService: findServiceDefinition,
      emit: (event, payload) => this.emit(event, payload),
    };
    this.fetchCycle = new FetchCycle(this.context);
    this.publishCycle = new PublishCycle(this.context);
    this.scheduler = new Scheduler(ports.clock, {
      nextFetchAt: () => this.store.triggers.nextDueAt(),
      nextPublishAt: () => {
        const queued = this.store.outbox.nextAttemptAt();
        if (queued === null) return null;
        return Math.max(queued, this.lastPublishAt + ports.settings.get().publishIntervalSeconds * 1000);
      },
      nextRecycleAt: () => (this.store.meta.getNumber('last_recycle_at') ?? 0) + RECYCLE_EVERY_MS,
      runFetchCycle: async () => {
        await this.runFetch({ all: false });
      },
      runPublishCycle: async () => {
        await this.runPublish({});
      },
      runRecycle: () => {
        recycle(this.store, ports.clock.now(), ports.settings.get().retentionDays);
      },
      isOnline: () => ports.isOnline?.() ?? true,
      onError: (error) => {
        console.error('Trigger Happy: scheduler error', error);
      },
    });
    this.handlers = createHandlers({
      engine: this,
      context: this.context,
      ports,
    });
  }

  get workerPool(): WorkerPool {
    return this.pool;
  }

  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: ContractEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as (payload: ContractEvents[E]) => void)(payload);
      } catch (error) {
        console.error(`Trigger Happy: a listener of ${event} failed`, error);
      }
    }
  }

  start(): void {
    if (this.stopping) return;
    this.userPaused = this.ports.settings.get().startPaused;
    if (!this.userPaused) this.scheduler.start();
    this.emitStatus();
  }

  get paused(): boolean {
    return this.userPaused;
  }

  pause(): void {
    this.userPaused = true;
    this.scheduler.stop();
    this.emitStatus();
  }

  resume(): void {
    if (this.stopping) return;
    this.userPaused = false;
    this.scheduler.start();
    this.emitStatus();
  }

  /** Re-arm the timer after a change (trigger added, settings changed). */
  reschedule(): void {
    this.scheduler.arm();
  }

  wake(): void {
    // Each due trigger runs once from now: the timer fires at once, nothing is replayed.
    this.scheduler.arm();
  }

  async runOnce(): Promise<void> {
    await this.runFetch({ all: true });
    await this.runPublish({ force: true });
  }

  /** A full or partial fetch cycle; a second full cycle waits for the running one (never overlaps). */
  runFetch(options: { all: boolean; sourceKeys?: readonly string[] }): Promise<CycleReport> {
    return this.runCycle('fetching', !options.sourceKeys, (signal) =>
      this.fetchCycle.run({ all: options.all, signal, sourceKeys: options.sourceKeys }),
    );
  }

  /** A publish cycle, or the queued items of one trigger ("Run now"). */
  runPublish(options: { force?: boolean; triggerId?: number }): Promise<CycleReport> {
    const full = options.triggerId === undefined;
    return this.runCycle('publishing', full, (signal) => {
      if (full) this.lastPublishAt = this.ports.clock.now();
      return this.publishCycle.run({ signal, triggerId: options.triggerId });
    });
  }

  /**
   * Runs a cycle under its deadline. A full cycle holds its slot (`fetching` / `publishing`) and
   * waits for the previous holder first; a partial one (one trigger) runs beside it.
   */
  private async runCycle(slot: 'fetching' | 'publishing', full: boolean, cycle: (signal: AbortSignal) => Promise<CycleReport>): Promise<CycleReport> {
    if (this.stopping) return emptyReport();
    if (full) {
      for (let running = this[slot]; running; running = this[slot]) await running.catch(() => undefined);
      // The engine may have begun stopping while this cycle waited its turn.
      if (this.stopping) return emptyReport();
    }
    const work = this.withDeadline(cycle);
    if (full) this[slot] = work;
    this.emitStatus();
    try {
      const report = await work;
      this.afterCycle(report);
      return report;
    } finally {
      if (this[slot] === work) this[slot] = null;
      this.emitStatus();
    }
  }

  private async withDeadline(work: (signal: AbortSignal) => Promise<CycleReport>): Promise<CycleReport> {
    const controller = new AbortController();
    this.cycleAborts.add(controller);
    const timer = setTimeout(() => controller.abort(new Error('Cycle deadline reached')), this.ports.settings.get().cycleDeadlineSeconds * 1000);
    try {
      return await work(controller.signal);
    } finally {
      clearTimeout(timer);
      this.cycleAborts.delete(controller);
    }
  }

  private afterCycle(report: CycleReport): void {
    for (const event of report.found) this.emit('items:new', event);
    for (const event of report.paused) this.emit('trigger:paused', event);
    const notifications = buildNotifications(report.found, report.paused, this.ports.settings.get());
    for (const notification of notifications) {
      try {
        this.ports.notifier.notify(notification);
      } catch (error) {
        console.error('Trigger Happy: notification failed', error);
      }
    }
    if (report.found.length > 0 || report.paused.length > 0) {
      this.emit('triggers:changed', { ids: [...new Set([...report.found, ...report.paused].map((event) => event.triggerId))] });
    }
  }

  status(): EngineStatus {
    // Counted in SQL: the status goes out at every cycle's start and end, and parsing every
    // trigger's stored JSON for three numbers cost milliseconds per call with thousands of them.
    const triggers = this.store.triggers.tally();
    const failing = triggers.failing;
    const working = this.fetching !== null || this.publishing !== null;
    const phase = this.userPaused ? 'paused' : working ? 'working' : failing > 0 ? 'error' : 'idle';
    return {
      phase,
      paused: this.userPaused,
      fetching: this.fetching !== null,
      publishing: this.publishing !== null,
      lastRun: this.store.runs.latest(),
      nextDueAt: this.scheduler.nextWakeAt,
      triggers,
      items: this.store.outbox.totals(),
      recentItems: this.store.outbox.recent(5),
      notice: this.notice,
    };
  }

  emitStatus(): void {
    if (!this.store.db.open || (this.listeners.get('engine:status')?.size ?? 0) === 0) return;
    this.emit('engine:status', this.status());
  }

  /** Settings that shape the pool take effect once the running cycles are done. */
  applySettings(): void {
    const settings = this.ports.settings.get();
    this.gate.configure(settings.perHostCap, settings.maxInFlight);
    this.pool.reconfigure({ workerFile: this.ports.paths.workerFile, threads: settings.poolSize, maxInFlight: settings.maxInFlight });
    this.reschedule();
  }

  async backup(): Promise<{ file: string; bytes: number }> {
    fs.mkdirSync(this.ports.paths.backupsDir, { recursive: true });
    const stamp = new Date(this.ports.clock.now()).toISOString().replace(/[:.]/g, '-');
    const file = path.join(this.ports.paths.backupsDir, `trigger-happy-${stamp}.sqlite3`);
    // The online backup API: a consistent copy while the engine keeps writing (never a file copy).
    await this.store.db.backup(file);
    return { file, bytes: fs.statSync(file).size };
  }

  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = (async () => {
        this.scheduler.stop();
        for (const controller of this.cycleAborts) controller.abort(new Error('Engine stopping'));
        // Batches queued in the workers end after the delivery on the network; their other items
        // go back to the queue, so a quit does not wait for a whole batch of slow answers.
        this.pool.stopStarting();
        const running = Promise.all([this.fetching, this.publishing, this.scheduler.idle()]).catch(() => undefined);
        await Promise.race([running, new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
        await this.pool.close();
        this.store.close();
      })();
    }
    return this.stopping;
  }
}

export async function createEngine(ports: EnginePorts): Promise<Engine & EngineCore> {
  limitHeapGrowth();
  return Promise.resolve(new EngineCore(ports));
}
