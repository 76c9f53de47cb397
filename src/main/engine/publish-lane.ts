import type { ServiceDefinition } from '../../workers/services/service';
import type { TriggerRecord } from './store/trigger-store';

// A publish cycle's work for one consumer host: its triggers in queue order, each with its queued
// items oldest first. A lane runs as many batches at once as the host has slots. One trigger's
// items never travel in two batches at once (whoever takes a trigger keeps it until its items are
// all taken), so a consumer receives each trigger's items in the feed's order.

export interface TriggerTally {
  published: number;
  failed: number;
  retried: number;
  firstError: string | null;
  started: number;
}

/** One trigger's share of a publish cycle. */
export interface TriggerWork {
  trigger: TriggerRecord;
  service: ServiceDefinition;
  /** Consumer parameters and account with their secrets, for the worker. */
  params: Record<string, unknown>;
  account: Record<string, unknown> | null;
  /** Queued item ids, oldest first. */
  ids: readonly number[];
  /** How many of `ids` a batch has taken. */
  taken: number;
  /** Batches with items of this trigger not yet answered. */
  batches: number;
  tally: TriggerTally;
}

/** Items of one or more triggers, for one slot: a trigger's items in order, triggers in queue order. */
export interface Batch {
  parts: Array<{ work: TriggerWork; ids: number[] }>;
  /** The trigger whose items did not all fit: the batch's taker keeps it for its next batch. */
  carry: TriggerWork | null;
}

export class PublishLane {
  /** Triggers no batch has taken yet. */
  private readonly waiting: TriggerWork[] = [];
  /** Items no batch has taken yet, carried triggers' included. */
  private untaken = 0;
  /** Batch loops running for this host. */
  runners = 0;
  /** The host asked us to wait, or the cycle's deadline came: no further batch this cycle. */
  stopped = false;
  /** Every trigger of the cycle has been added. */
  private complete = false;
  private wake: Array<() => void> = [];

  constructor(readonly host: string | null) {}

  add(work: TriggerWork): void {
    this.waiting.push(work);
    this.untaken += work.ids.length - work.taken;
    this.wakeAll();
  }

  /** No trigger will be added any more: batch loops waiting for work end. */
  close(): void {
    this.complete = true;
    this.wakeAll();
  }

  /** Whether triggers may still be added. */
  get open(): boolean {
    return !this.complete;
  }

  /** Resolves when a trigger is added or the lane is closed. */
  moreWork(): Promise<void> {
    if (this.complete) return Promise.resolve();
    return new Promise((resolve) => this.wake.push(resolve));
  }

  private wakeAll(): void {
    const wake = this.wake;
    this.wake = [];
    for (const resolve of wake) resolve();
  }

  /**
   * First the rest of `carry` (the taker's own trigger), then waiting triggers: up to `maxSize`
   * items, and no more than a fair share of what is left (each slot has up to two batches out:
   * one on the network, one queued behind it), so the host's slots finish together instead of
   * one sending its last full batches while the other is idle.
   */
  takeBatch(carry: TriggerWork | null, maxSize: number): Batch {
    const parts: Batch['parts'] = [];
    let room = Math.min(maxSize, Math.max(1, Math.ceil(this.untaken / (2 * Math.max(1, this.runners)))));
    let work = carry ?? this.waiting.shift();
    while (work && room > 0) {
      const ids = work.ids.slice(work.taken, work.taken + room);
      work.taken += ids.length;
      this.untaken -= ids.length;
      room -= ids.length;
      if (ids.length > 0) parts.push({ work, ids });
      if (work.taken < work.ids.length) return { parts, carry: work };
      work = room > 0 ? this.waiting.shift() : undefined;
    }
    return { parts, carry: null };
  }
}
