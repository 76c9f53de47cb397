import type { BenchOptions } from './options';

// Messages between scripts/bench.ts and its two kinds of child processes (the loopback servers
// and one engine run per size), over the IPC channel of child_process.fork.

export interface ServersSetup {
  hosts: number;
  receivers: number;
  /** Feeds 0 … feeds-1 exist (the largest size). */
  feeds: number;
  feedItems: number;
  latencyMs: number;
  /** Requests (feeds and webhooks together) answered before the servers refuse with 503. */
  requestBudget: number;
}

export interface Endpoint {
  address: string;
  port: number;
}

export interface ServersReady {
  /** http://127.0.0.1:PORT: GET /counters, POST /bump, POST /reset-peaks, POST /reset. */
  control: string;
  feeds: Endpoint[];
  receivers: Endpoint[];
  /** Mean size of a feed document in bytes. */
  feedBytes: number;
}

export interface ServerCounters {
  feedRequests: number;
  feedOk: number;
  feedNotModified: number;
  feedOther: number;
  feedBytes: number;
  conditionalRequests: number;
  hookDeliveries: number;
  hookDuplicates: number;
  overBudget: number;
  version: number;
  distinctIds: number;
  /** CPU time the servers' process has used so far (user + system), ms. */
  cpuMs: number;
  /** Most requests in flight (and sockets open) on any one host since the last reset of peaks. */
  feedPeak: { inFlight: number; sockets: number };
  hookPeak: { inFlight: number; sockets: number };
  /** Epoch ms of the first webhook request and of the last answer since the last reset of peaks; 0 when none. */
  firstArrivedAt: number;
  lastAnsweredAt: number;
}

export interface EngineRunSetup {
  size: number;
  options: BenchOptions;
  servers: ServersReady;
  workerFile: string;
}

export interface PhaseResult {
  name: 'full' | 'unchanged' | 'changed' | 'publish';
  seconds: number;
  loopP99Ms: number;
  loopMaxMs: number;
  loopMeanMs: number;
  /** CPU time (user + system) of the engine's process (main thread and workers) and of the servers' process. */
  engineCpuMs: number;
  /** The engine's main thread alone (null where /proc is missing). */
  mainCpuMs: number | null;
  serverCpuMs: number;
  /** Peak RSS sampled during this phase, MB. */
  peakRssMb: number;
  /** Server-side counts during the phase. */
  requests: number;
  ok: number;
  notModified: number;
  deliveries: number;
  duplicates: number;
  /** Most requests in flight on one host, as the servers saw them. */
  maxPerHost: number;
  maxSocketsPerHost: number;
  /** Publish phase: from the cycle's start to the first delivery's arrival, and from the last answer to the cycle's end (ms). */
  leadMs: number | null;
  tailMs: number | null;
  /** The engine's own view (HostGate.takePeakPerHost). */
  gatePeakPerHost: number;
  /** From the cycle report: runs by outcome, new items, deferred sources. */
  outcomes: Record<string, number>;
  newItems: number;
  deferred: number;
  firstError: string | null;
}

export interface IdleResult {
  seconds: number;
  cpuMs: number;
  /** The main thread's share of cpuMs (null where /proc is missing). */
  mainCpuMs: number | null;
  /** Scheduler timers armed at the end (through the engine's clock port). */
  timersArmed: number;
  /** Every live Timeout of the process at the end (piscina's idle timers included). */
  processTimeouts: number;
  nextWakeInSeconds: number | null;
  ticks: number;
  /** RSS at the end of the watch. */
  rssMb: number;
  /** Seconds from the end of the last cycle until every worker thread had exited (null: they had not within the wait). */
  threadsExitedAfterSeconds: number | null;
  /** RSS once they had. */
  rssThreadsExitedMb: number | null;
}

export interface SizeResult {
  size: number;
  setupSeconds: number;
  rssAfterSetupMb: number;
  peakRssMb: number;
  /** At the peak: the main thread's V8 heap (used / total) and memory outside it (Buffers, SQLite), MB. */
  atPeak: { heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number } | null;
  phases: PhaseResult[];
  idle: IdleResult;
  threads: number;
}

export type EngineRunMessage = { type: 'result'; result: SizeResult } | { type: 'error'; message: string } | { type: 'progress'; text: string };
