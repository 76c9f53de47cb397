import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEngine, type EngineCore } from '../../src/main/engine/engine';
import { THREAD_IDLE_MS } from '../../src/main/engine/pool';
import type { CycleReport } from '../../src/main/engine/fetch-cycle';
import type { EnginePorts } from '../../src/main/engine/ports';
import { dispatch } from '../../src/shared/dispatch';
import { MemorySecrets, MemorySettings } from '../../test/support/memory-ports';
import { maxInFlightFor } from './options';
import { CountingClock, LoopDelay, MB, mainThreadCpuMs, RssSampler } from './probes';
import type { EngineRunMessage, EngineRunSetup, IdleResult, PhaseResult, ServerCounters, SizeResult } from './protocol';

// One size of the benchmark in a fresh process (so peak memory belongs to that size alone): a
// fresh engine in a temp data dir, `size` triggers (one distinct feed each, round-robin over the
// feed hosts; a webhook on the receiver hosts, round-robin too), then the four cycles, then the
// idle scheduler. Started by scripts/bench.ts with child_process.fork; the setup arrives as the
// first message and the result goes back the same way.

function send(message: EngineRunMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

function progress(text: string): void {
  void send({ type: 'progress', text });
}

/** One call to the servers' control endpoint, on a connection of its own (no keep-alive socket left to time out later). */
function control(base: string, method: 'GET' | 'POST', route: string): Promise<ServerCounters> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(`${base}${route}`, { method, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode !== 200) reject(new Error(`Control ${method} ${route}: HTTP ${response.statusCode ?? '?'}`));
        else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ServerCounters);
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function maxOf(values: Iterable<number>): number {
  let max = 0;
  for (const value of values) max = Math.max(max, value);
  return max;
}

async function run(setup: EngineRunSetup): Promise<SizeResult> {
  const { size, options, servers } = setup;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `th-bench-${size}-`));
  const clock = new CountingClock();
  const ports: EnginePorts = {
    paths: {
      dataDir,
      databaseFile: path.join(dataDir, 'trigger-happy.sqlite3'),
      workerFile: setup.workerFile,
      backupsDir: path.join(dataDir, 'backups'),
    },
    settings: new MemorySettings({
      perHostCap: options.perHostCap,
      maxInFlight: maxInFlightFor(options),
      poolSize: options.poolSize,
      // The deadline must not cut the 10,000-trigger cycles short; the benchmark bounds time itself.
      cycleDeadlineSeconds: 3600,
    }),
    secrets: new MemorySecrets(),
    notifier: { notify: () => undefined },
    clock,
    desktop: false,
  };
  const sampler = new RssSampler(50);
  const loop = new LoopDelay();
  const engine: EngineCore = await createEngine(ports);
  try {
    await control(servers.control, 'POST', '/reset');
    const setupStart = performance.now();
    for (let index = 0; index < size; index += 1) {
      const feed = servers.feeds[index % servers.feeds.length];
      const receiver = servers.receivers[index % servers.receivers.length];
      if (!feed || !receiver) throw new Error('The loopback servers listed no hosts');
      const result = await dispatch(engine.handlers, 'triggers.create', {
        name: `Bench feed ${index}`,
        provider: { service: 'rss', params: { url: `http://${feed.address}:${feed.port}/feed/${index}.xml` } },
        consumer: { service: 'webhook', params: { url: `http://${receiver.address}:${receiver.port}/hook/${index}` } },
      });
      if (!result.ok) throw new Error(`triggers.create failed: ${result.error.message}`);
    }
    const setupSeconds = (performance.now() - setupStart) / 1000;
    sampler.start();
    const rssAfterSetup = sampler.window();
    progress(`${size} triggers created in ${setupSeconds.toFixed(1)} s`);

    const phases: PhaseResult[] = [];
    const phase = async (name: PhaseResult['name'], cycle: () => Promise<CycleReport>): Promise<void> => {
      engine.gate.takePeakPerHost();
      const before = await control(servers.control, 'POST', '/reset-peaks');
      sampler.window();
      loop.start();
      // The histogram records a delay from its second tick on: without a tick before the cycle
      // starts, a block at the cycle's very start would go uncounted.
      await sleep(20);
      const cpuBefore = process.cpuUsage();
      const mainBefore = mainThreadCpuMs();
      const startedAt = Date.now();
      const started = performance.now();
      const report = await cycle();
      const seconds = (performance.now() - started) / 1000;
      const endedAt = Date.now();
      const cpu = process.cpuUsage(cpuBefore);
      const mainAfter = mainThreadCpuMs();
      const delay = loop.stop();
      const peakRss = sampler.windowEnd();
      const after = await control(servers.control, 'GET', '/counters');
      const outcomes: Record<string, number> = {};
      let newItems = 0;
      let firstError: string | null = null;
      for (const entry of report.runs) {
        outcomes[entry.outcome] = (outcomes[entry.outcome] ?? 0) + 1;
        newItems += entry.newCount;
        if (entry.outcome === 'error' && firstError === null) firstError = entry.message;
      }
      const result: PhaseResult = {
        name,
        seconds,
        loopP99Ms: delay.p99,
        loopMaxMs: delay.max,
        loopMeanMs: delay.mean,
        engineCpuMs: (cpu.user + cpu.system) / 1000,
        mainCpuMs: mainBefore === null || mainAfter === null ? null : mainAfter - mainBefore,
        serverCpuMs: after.cpuMs - before.cpuMs,
        peakRssMb: peakRss / MB,
        requests: after.feedRequests - before.feedRequests,
        ok: after.feedOk - before.feedOk,
        notModified: after.feedNotModified - before.feedNotModified,
        deliveries: after.hookDeliveries - before.hookDeliveries,
        duplicates: after.hookDuplicates - before.hookDuplicates,
        maxPerHost: name === 'publish' ? after.hookPeak.inFlight : after.feedPeak.inFlight,
        maxSocketsPerHost: name === 'publish' ? after.hookPeak.sockets : after.feedPeak.sockets,
        leadMs: name === 'publish' && after.firstArrivedAt > 0 ? after.firstArrivedAt - startedAt : null,
        tailMs: name === 'publish' && after.lastAnsweredAt > 0 ? endedAt - after.lastAnsweredAt : null,
        gatePeakPerHost: maxOf(engine.gate.takePeakPerHost().values()),
        outcomes,
        newItems,
        deferred: report.deferred,
        firstError,
      };
      phases.push(result);
      progress(
        `${size}: ${name} cycle ${seconds.toFixed(2)} s, ${result.requests + result.deliveries} requests, ` +
          `loop p99 ${delay.p99.toFixed(1)} ms max ${delay.max.toFixed(1)} ms, RSS ${(peakRss / MB).toFixed(0)} MB, ` +
          `CPU engine ${(result.engineCpuMs / 1000).toFixed(1)} s (main thread ${((result.mainCpuMs ?? Number.NaN) / 1000).toFixed(1)} s), servers ${(result.serverCpuMs / 1000).toFixed(1)} s` +
          (result.leadMs === null || result.tailMs === null ? '' : `, first delivery after ${result.leadMs} ms, cycle end ${result.tailMs} ms after the last answer`),
      );
    };

    await phase('full', () => engine.runFetch({ all: true }));
    await phase('unchanged', () => engine.runFetch({ all: true }));
    await control(servers.control, 'POST', '/bump');
    await phase('changed', () => engine.runFetch({ all: true }));
    await phase('publish', () => engine.runPublish({}));
    const cyclesEnded = performance.now();
    sampler.stop();
    const heap = sampler.atPeak;
    if (heap) {
      progress(
        `${size}: at the RSS peak, main-thread heap ${(heap.heapUsed / MB).toFixed(0)}/${(heap.heapTotal / MB).toFixed(0)} MB, ` +
          `external ${(heap.external / MB).toFixed(0)} MB (array buffers ${(heap.arrayBuffers / MB).toFixed(0)} MB)`,
      );
    }

    // Nothing due: every trigger was just fetched (next in ~15 min), the outbox is empty. The
    // daily recycle has never run in this fresh database, so it is due at once: let that pass,
    // then watch.
    engine.start();
    await sleep(500);
    const firedBefore = clock.fired;
    const cpuBefore = process.cpuUsage();
    const mainBefore = mainThreadCpuMs();
    await sleep(options.idleSeconds * 1000);
    const cpu = process.cpuUsage(cpuBefore);
    const mainAfter = mainThreadCpuMs();
    const wake = engine.scheduler.nextWakeAt;
    const rssIdle = process.memoryUsage().rss;
    // What the tray app holds between cycles: the pool's threads exit once idle.
    while (engine.workerPool.liveThreads > 0 && performance.now() - cyclesEnded < THREAD_IDLE_MS + 15_000) await sleep(250);
    const exitedAfter = engine.workerPool.liveThreads === 0 ? (performance.now() - cyclesEnded) / 1000 : null;
    if (exitedAfter !== null) await sleep(500);
    const idle: IdleResult = {
      seconds: options.idleSeconds,
      cpuMs: (cpu.user + cpu.system) / 1000,
      mainCpuMs: mainBefore === null || mainAfter === null ? null : mainAfter - mainBefore,
      timersArmed: clock.live,
      processTimeouts: process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length,
      nextWakeInSeconds: wake === null ? null : (wake - Date.now()) / 1000,
      ticks: clock.fired - firedBefore,
      rssMb: rssIdle / MB,
      threadsExitedAfterSeconds: exitedAfter,
      rssThreadsExitedMb: exitedAfter === null ? null : process.memoryUsage().rss / MB,
    };
    return {
      size,
      setupSeconds,
      rssAfterSetupMb: rssAfterSetup / MB,
      peakRssMb: sampler.peak / MB,
      atPeak: sampler.atPeak && {
        heapUsedMb: sampler.atPeak.heapUsed / MB,
        heapTotalMb: sampler.atPeak.heapTotal / MB,
        externalMb: sampler.atPeak.external / MB,
        arrayBuffersMb: sampler.atPeak.arrayBuffers / MB,
      },
      phases,
      idle,
      threads: engine.workerPool.threads,
    };
  } finally {
    sampler.stop();
    await engine.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

process.once('message', (setup: EngineRunSetup) => {
  run(setup).then(
    async (result) => {
      await send({ type: 'result', result });
      process.exit(0);
    },
    async (error: unknown) => {
      await send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    },
  );
});
