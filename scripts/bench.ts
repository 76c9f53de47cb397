import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { maxInFlightFor, parseOptions, USAGE, type BenchOptions } from './bench/options';
import type { EngineRunMessage, EngineRunSetup, ServersReady, ServersSetup, SizeResult } from './bench/protocol';
import { renderTable, type SizeOutcome } from './bench/report-table';

// `npm run bench`: the engine benchmark of issue 2. Starts the loopback servers in one child
// process, runs each size (61, 3,600, 10,000 triggers by default) in a fresh child process with a
// fresh engine, prints one table with the targets next to the figures, then runs the window's
// benchmark (scripts/bench-ui.mjs) when it exists. It prints figures and exits 0; non-zero only
// when it could not run. Loopback only (127.0.0.0/8), bounded in time and in requests.

const ROOT = path.resolve(import.meta.dirname, '..');
const WORKER_FILE = path.join(ROOT, 'out/main/worker.js');
/** Where the engine run is bundled: under node_modules so its bare imports resolve as in the repo. */
const ENGINE_RUN_FILE = path.join(ROOT, 'node_modules/.cache/trigger-happy-bench/engine-run.mjs');
const TSX = ['--import', 'tsx'];
const SERVERS_START_MS = 120_000;
const UI_TIMEOUT_MS = 15 * 60_000;

const children = new Set<ChildProcess>();

function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

/** The soft limit on open files, from /proc (Linux); null elsewhere. */
function openFileLimit(): number | null {
  try {
    const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((entry) => entry.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === undefined || soft === 'unlimited' ? null : Number(soft);
  } catch {
    return null;
  }
}

/**
 * The engine run is bundled to plain JavaScript and run by plain node, as the app runs the engine:
 * under tsx, every piscina thread would load tsx's hooks too and the first cycle would pay for it.
 */
async function bundleEngineRun(): Promise<string> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'scripts/bench/engine-run.ts')],
    outfile: ENGINE_RUN_FILE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return ENGINE_RUN_FILE;
}

function startChild(file: string, execArgv: string[] = TSX): ChildProcess {
  const child = fork(file, [], { cwd: ROOT, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function stopChild(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

async function startServers(options: BenchOptions): Promise<{ child: ChildProcess; ready: ServersReady }> {
  const largest = Math.max(...options.sizes);
  const total = options.sizes.reduce((sum, size) => sum + size, 0);
  const setup: ServersSetup = {
    hosts: options.hosts,
    receivers: options.receivers,
    feeds: largest,
    feedItems: options.feedItems,
    latencyMs: options.latencyMs,
    // Three fetch cycles and one publish cycle per size, with room for retries; never more.
    requestBudget: Math.ceil(total * 4 * 1.5) + 1000,
  };
  const child = startChild(path.join(ROOT, 'scripts/bench/loopback-servers.ts'));
  const ready = await new Promise<ServersReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The loopback servers did not start in time')), SERVERS_START_MS);
    child.once('message', (message: { type: 'ready'; ready: ServersReady } | { type: 'error'; message: string }) => {
      clearTimeout(timer);
      if (message.type === 'ready') resolve(message.ready);
      else reject(new Error(`The loopback servers could not start: ${message.message}`));
    });
    child.once('exit', (code) => reject(new Error(`The loopback servers exited (${code ?? 'signal'})`)));
    child.send(setup);
  });
  return { child, ready };
}

/** Generous: several times what the slowest expected run needs, so a stuck run still ends. */
function sizeTimeoutMs(size: number): number {
  return 180_000 + size * 60;
}

function runSize(engineRun: string, size: number, options: BenchOptions, servers: ServersReady): Promise<SizeResult> {
  const child = startChild(engineRun, process.env.BENCH_NODE_OPTIONS ? process.env.BENCH_NODE_OPTIONS.split(' ') : []);
  return new Promise<SizeResult>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, result?: SizeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        stopChild(child);
        reject(error);
      } else if (result) resolve(result);
    };
    const timer = setTimeout(() => finish(new Error(`gave up after ${sizeTimeoutMs(size) / 1000} s`)), sizeTimeoutMs(size));
    child.on('message', (message: EngineRunMessage) => {
      if (message.type === 'progress') log(message.text);
      else if (message.type === 'result') finish(null, message.result);
      else finish(new Error(message.message));
    });
    child.once('exit', (code, signal) => finish(new Error(`the engine run exited (${code ?? signal ?? 'unknown'}) without a result`)));
    const setup: EngineRunSetup = { size, options, servers, workerFile: WORKER_FILE };
    child.send(setup);
  });
}

function runUiBenchmark(): Promise<void> {
  const script = path.join(ROOT, 'scripts/bench-ui.mjs');
  if (!fs.existsSync(script)) {
    log('scripts/bench-ui.mjs does not exist yet: no window figures');
    return Promise.resolve();
  }
  process.stdout.write('\nWindow benchmark (scripts/bench-ui.mjs):\n');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    children.add(child);
    const timer = setTimeout(() => stopChild(child), UI_TIMEOUT_MS);
    child.once('error', (error) => {
      log(`could not start scripts/bench-ui.mjs: ${error.message}`);
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (code !== 0) log(`scripts/bench-ui.mjs ended with ${code ?? signal ?? 'unknown'}`);
      resolve();
    });
  });
}

function header(options: BenchOptions, servers: ServersReady, threads: number | null, loadAtStart: number[]): string[] {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return [
    `Trigger Happy engine benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `machine: ${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}; ` +
      `load average at start ${loadAtStart.map((value) => value.toFixed(1)).join(' ')}`,
    `feeds: ${options.hosts} hosts (127.0.0.2…), ${options.feedItems} items (${(servers.feedBytes / 1024).toFixed(1)} KB) each, ${options.latencyMs} ms latency, ETag/304; ` +
      `webhooks: ${options.receivers} hosts (127.0.1.2…), same latency`,
    `engine: perHostCap ${options.perHostCap}, maxInFlight ${maxInFlightFor(options)}, ${threads ?? '?'} worker threads, one distinct feed per trigger; ✓/✗ = target met or not`,
  ];
}

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    return 2;
  }
  if (!fs.existsSync(WORKER_FILE)) {
    log(`${path.relative(ROOT, WORKER_FILE)} is missing: run npm run build first`);
    return 1;
  }
  const limit = openFileLimit();
  const needed = (options.hosts + options.receivers) * (options.perHostCap + 2) + 512;
  if (limit !== null && limit < needed) {
    log(`the open-file limit (ulimit -n ${limit}) is below the ~${needed} this run may need; raise it or use fewer --hosts/--receivers`);
  }

  const loadAtStart = os.loadavg();
  if ((loadAtStart[0] ?? 0) > 0.5 * os.availableParallelism()) {
    log(`the machine is busy (load average ${(loadAtStart[0] ?? 0).toFixed(1)} on ${os.availableParallelism()} cores): the figures will be pessimistic`);
  }
  const engineRun = await bundleEngineRun();
  const { child: serversChild, ready } = await startServers(options);
  log(`loopback servers ready: ${ready.feeds.length} feed hosts, ${ready.receivers.length} webhook hosts, control ${ready.control}`);
  const outcomes: SizeOutcome[] = [];
  try {
    for (const size of options.sizes) {
      log(`size ${size}: starting a fresh engine`);
      try {
        outcomes.push({ size, result: await runSize(engineRun, size, options, ready) });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`size ${size} failed: ${message}`);
        outcomes.push({ size, error: message });
      }
    }
  } finally {
    serversChild.disconnect();
    stopChild(serversChild);
  }
  const threads = outcomes.map((outcome) => ('result' in outcome ? outcome.result.threads : null)).find((value) => value !== null) ?? null;
  process.stdout.write(`${renderTable(options, outcomes, header(options, ready, threads, loadAtStart))}\n`);
  if (options.ui) await runUiBenchmark();
  return outcomes.some((outcome) => 'result' in outcome) ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of children) stopChild(child);
    process.exit(130);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    for (const child of children) stopChild(child);
    process.exitCode = 1;
  },
);
