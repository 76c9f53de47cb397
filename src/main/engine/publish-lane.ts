import type { ServiceDefinition } from '../../workers/services/service';
import { HostQueue } from './host-queue';
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

/**
 * What a publish cycle keeps of a trigger while its items wait: every queued trigger is read as
 * the cycle starts, and at 10,000 triggers their whole records (parsed provider parameters,
 * filters, dates) were ~5 MB of the main thread's heap for the length of the cycle.
 */
export type PublishingTrigger = Pick<TriggerRecord, 'id' | 'name' | 'template' | 'providerService' | 'consumerService'>;

/** One trigger's share of a publish cycle. */
export interface TriggerWork {
  trigger: PublishingTrigger;
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

export class PublishLane extends HostQueue<TriggerWork> {
  /** Items no batch has taken yet, carried triggers' included. */
  private untaken = 0;
  /** The host asked us to wait, or the cycle's deadline came: no further batch this cycle. */
  stopped = false;

  add(work: TriggerWork): void {
    this.untaken += work.ids.length - work.taken;
    this.push(work);
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
    let work = carry ?? this.take();
    while (work && room > 0) {
      const ids = work.ids.slice(work.taken, work.taken + room);
      work.taken += ids.length;
      this.untaken -= ids.length;
      room -= ids.length;
      if (ids.length > 0) parts.push({ work, ids });
      if (work.taken < work.ids.length) return { parts, carry: work };
      work = room > 0 ? this.take() : undefined;
    }
    return { parts, carry: null };
  }
}
