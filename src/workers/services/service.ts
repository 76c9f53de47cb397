import type { z } from 'zod';
import type { FeedItem } from '../../shared/models';
import type { FetchResult, FetchState, HttpPolicy, ItemDemand, PublishResult, CheckAccountResult } from '../tasks';

// One service = one integration. Its definition (id, label, capabilities, schemas, limits) is pure
// data the engine reads for validation and the window's forms; its implementation (network code)
// runs only inside the workers.

export interface ServiceDefinition {
  id: string;
  label: string;
  description: string;
  accountSchema: z.ZodObject | null;
  /** Account fields that are secrets: kept in the secret store, never sent back to the window. */
  secretFields: readonly string[];
  /** Provider or consumer parameters that are secrets (a webhook's signing secret): same rule. */
  secretParams: readonly string[];
  providerSchema: z.ZodObject | null;
  consumerSchema: z.ZodObject | null;
  /** The consumer's text limit, when it has one (Mastodon 500, Bluesky 300 graphemes…). */
  maxLength: number | null;
  /**
   * The host the provider or consumer talks to for these parameters, so the scheduler can apply
   * the per-host cap before handing the task to a worker. Null when there is no network (files).
   */
  hostOf(params: Record<string, unknown>, account: Record<string, unknown> | null): string | null;
  /**
   * Parameters that identify the same source: triggers whose provider key is equal share one fetch
   * per cycle (fan-out). Defaults to the whole parameter object.
   */
  sourceKey?(params: Record<string, unknown>, account: Record<string, unknown> | null): string;
}

export interface TaskContext {
  http: HttpPolicy;
  /** Aborted at the request deadline or when the pool is closing. */
  signal: AbortSignal;
  /**
   * When `signal` aborts at the latest (epoch ms), if it is a deadline: a request that would end
   * no sooner shares it rather than arming a deadline of its own.
   */
  deadlineAt?: number;
}

export interface ServiceImplementation {
  id: string;
  fetch?(
    ctx: TaskContext,
    call: { params: Record<string, unknown>; account: Record<string, unknown> | null; state: FetchState; demand?: ItemDemand },
  ): Promise<FetchResult>;
  publish?(
    ctx: TaskContext,
    call: {
      params: Record<string, unknown>;
      account: Record<string, unknown> | null;
      item: FeedItem;
      text: string;
      idempotencyKey: string;
      triggerName: string;
    },
  ): Promise<PublishResult>;
  checkAccount?(ctx: TaskContext, account: Record<string, unknown>): Promise<CheckAccountResult>;
}
