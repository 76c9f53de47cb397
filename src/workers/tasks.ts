import type { FeedItem } from '../shared/models';

// The tasks the engine sends to the piscina pool: plain data in, plain data out. The router
// (router.ts) switches on `kind`. Workers hold no database and no Electron.

/** Limits every network call of a task obeys. */
export interface HttpPolicy {
  userAgent: string;
  /** Deadline for one request, headers and body included. */
  timeoutMs: number;
  /** Body cap after decompression. */
  maxBodyBytes: number;
  maxRedirects: number;
  /**
   * Test seam only: IP addresses to treat as public when deciding whether a redirect or a URL
   * from fetched content may be followed. Tests run every server on 127.0.0.x, so they list
   * e.g. '127.0.0.2' here to play an internet host. The engine never sets it.
   */
  publicAddresses?: string[];
}

/** What a provider remembers between fetches (per source, shared by triggers reading it). */
export interface FetchState {
  /** Where the source lives now; a 301/308 moves it. */
  url?: string;
  etag?: string;
  lastModified?: string;
  cursor?: string;
}

export interface ServiceCall {
  service: string;
  params: Record<string, unknown>;
  /** The account's settings with its secrets merged in, or null for services without one. */
  account: Record<string, unknown> | null;
}

/**
 * Which items the engine needs in full, so a worker does not convert and post back content the
 * engine would throw away (most of a feed is already known; a first run keeps keys only).
 */
export interface ItemDemand {
  /** Keys every trigger of the source already holds: such items are left out of the result. */
  known: string[];
  /**
   * How many of the newest new items need their content; older new items come back as `seen`
   * (key, title, link, date). Null: all of them. Set for a first run, which records what a feed
   * already had as seen.
   */
  full: number | null;
}

/** An item the engine only records as seen (a first run's baseline): no content. */
export type SeenItem = Pick<FeedItem, 'key' | 'title' | 'url' | 'published'>;

export interface FetchTask extends ServiceCall {
  kind: 'fetch';
  state: FetchState;
  http: HttpPolicy;
  /** Without it every item comes back in full (the editor's Test preview). */
  demand?: ItemDemand;
}

/** One item for one consumer. */
export interface Delivery extends ServiceCall {
  /** The trigger it comes from: a failure that breaks a trigger stops that trigger's later deliveries. */
  triggerId: number;
  item: FeedItem;
  /** The text the template produced for this consumer (already within its length limit). */
  text: string;
  /** Derived from (trigger, item): the same on every retry, so the consumer can dedupe. */
  idempotencyKey: string;
  /** The trigger's name, for consumers that record where an item came from. */
  triggerName: string;
}

/**
 * Deliveries for one host, sent one after another on one of its slots; a slot's batches run one
 * after another too, so the engine queues the next while the current one is on the network.
 * Every delivery was claimed (committed as `sending`) before the task was sent.
 */
export interface PublishTask {
  kind: 'publish';
  /** Names the host slot: batches with the same slot run in the order they were sent, never at once. */
  slot: string;
  /**
   * The publish cycle the batch belongs to. What a batch learns (a host that asks to wait, a
   * trigger whose consumer broke) holds for the rest of that cycle in this thread.
   */
  cycle: number;
  /** The consumer host of every delivery in the batch (null: none on the network). */
  host: string | null;
  deliveries: Delivery[];
  http: HttpPolicy;
  /** Start no delivery after this many ms from now (the cycle's deadline). */
  stopAfterMs: number;
}

export interface CheckAccountTask {
  kind: 'check-account';
  service: string;
  account: Record<string, unknown>;
  http: HttpPolicy;
}

/** OPML is untrusted XML too, so it is parsed in a worker. */
export interface ParseOpmlTask {
  kind: 'parse-opml';
  text: string;
}

/** Answers as soon as the thread has loaded its modules (the pool waits for that before closing a thread). */
export interface ReadyTask {
  kind: 'ready';
}

export type WorkerTask = FetchTask | PublishTask | CheckAccountTask | ParseOpmlTask | ReadyTask;

export type TaskErrorKind =
  | 'network'
  | 'timeout'
  | 'http'
  | 'too-large'
  | 'parse'
  | 'rate-limited'
  | 'gone'
  | 'unauthorized'
  | 'config'
  | 'internal';

export interface TaskError {
  kind: TaskErrorKind;
  /** One line a person can read: "HTTP 503 Service Unavailable from example.org". */
  message: string;
  status?: number;
  /** The host the failure concerns (for per-host "not before"). */
  host?: string;
  /** Do not call this host again before this many ms from now (Retry-After, rate-limit reset). */
  retryAfterMs?: number;
  /** No retry can help (401, 404 on a webhook, 410 Gone, bad parameters): pause the trigger. */
  permanent: boolean;
}

export type FetchResult =
  | {
      ok: true;
      /** 'unchanged' for a 304 or a byte-identical body. */
      status: 'changed' | 'unchanged';
      /** New items in full, newest first (the order the engine records and publishes them in). */
      items: FeedItem[];
      /** New items beyond the demand's `full`, newest first and all older than `items`. */
      seen?: SeenItem[];
      state: FetchState;
      /** A permanent redirect moved the source: the new URL (also in state.url). */
      movedTo?: string;
      sourceTitle?: string;
      /** Polite hints from the response (rate-limit headers with remaining quota near 0). */
      retryAfterMs?: number;
      host: string;
    }
  | { ok: false; error: TaskError; state?: FetchState };

export type PublishResult =
  | { ok: true; remoteId?: string; remoteUrl?: string; duplicate?: boolean; host: string }
  | { ok: false; error: TaskError };

/**
 * One entry per delivery, in order: its result, or null when it was not attempted (the host asked
 * us to wait, the trigger broke on an earlier delivery, or the cycle's deadline came).
 */
export type PublishBatchResult = Array<PublishResult | null>;

export type CheckAccountResult = { ok: true; message: string } | { ok: false; error: TaskError };

export interface OpmlOutline {
  title: string;
  xmlUrl: string;
  htmlUrl: string | null;
  /** Enclosing outline titles (folders), outermost first. */
  categories: string[];
}

export type ParseOpmlResult = { ok: true; outlines: OpmlOutline[]; title: string | null } | { ok: false; error: TaskError };

export interface TaskResults {
  fetch: FetchResult;
  publish: PublishBatchResult;
  'check-account': CheckAccountResult;
  'parse-opml': ParseOpmlResult;
  ready: true;
}
