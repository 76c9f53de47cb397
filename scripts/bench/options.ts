// Command-line options of `npm run bench`, shared by the orchestrator and its child processes.
// Every option has the default of the benchmark: 64 feed hosts at 100 ms, feeds of 20
// items, per-host cap 2, sizes 61 / 3,600 / 10,000.

export interface BenchOptions {
  /** Delay the loopback servers wait before answering any request, in ms. */
  latencyMs: number;
  /** Feed hosts (127.0.0.2, 127.0.0.3, …). */
  hosts: number;
  /** Webhook receiver hosts (127.0.1.2, 127.0.1.3, …). */
  receivers: number;
  feedItems: number;
  sizes: number[];
  perHostCap: number;
  /** Worker threads for the engine (0: the engine's default, min(4, cores)). */
  poolSize: number;
  /** How long the scheduler is watched while nothing is due, in seconds. */
  idleSeconds: number;
  /** Run scripts/bench-ui.mjs at the end when it exists. */
  ui: boolean;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  latencyMs: 100,
  hosts: 64,
  receivers: 64,
  feedItems: 20,
  sizes: [61, 3600, 10_000],
  perHostCap: 2,
  poolSize: 0,
  idleSeconds: 3,
  ui: true,
};

/** Loopback addresses per /24 we may use: .2 to .254 (127.0.0.1 is the control endpoint). */
export const MAX_HOSTS = 253;

export const USAGE = `npm run bench -- [options]
  --latency MS        delay before every answer of the loopback servers (default 100)
  --hosts N           feed hosts, 127.0.0.2 … (default 64, at most ${MAX_HOSTS})
  --receivers N       webhook receiver hosts, 127.0.1.2 … (default 64, at most ${MAX_HOSTS})
  --feed-items N      items per feed (default 20, about 28 KB)
  --sizes A,B,C       trigger counts to measure (default 61,3600,10000)
  --per-host-cap N    the engine's perHostCap setting (default 2)
  --pool-size N       the engine's poolSize setting (default 0: min(4, cores))
  --idle-seconds N    how long to watch the idle scheduler (default 3)
  --no-ui             do not run scripts/bench-ui.mjs`;

function integer(flag: string, raw: string | undefined, min: number, max: number): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${flag} needs a whole number from ${min} to ${max}, not ${raw ?? 'nothing'}`);
  }
  return value;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_OPTIONS, sizes: [...DEFAULT_OPTIONS.sizes] };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const [flag = '', inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++index];
    switch (flag) {
      case '--latency':
        options.latencyMs = integer(flag, value(), 0, 10_000);
        break;
      case '--hosts':
        options.hosts = integer(flag, value(), 1, MAX_HOSTS);
        break;
      case '--receivers':
        options.receivers = integer(flag, value(), 1, MAX_HOSTS);
        break;
      case '--feed-items':
        options.feedItems = integer(flag, value(), 1, 1000);
        break;
      case '--sizes': {
        const raw = value() ?? '';
        options.sizes = raw.split(',').map((part) => integer(flag, part.replace(/_/g, '').trim(), 1, 100_000));
        break;
      }
      case '--per-host-cap':
        options.perHostCap = integer(flag, value(), 1, 16);
        break;
      case '--pool-size':
        options.poolSize = integer(flag, value(), 0, 16);
        break;
      case '--idle-seconds':
        options.idleSeconds = integer(flag, value(), 1, 60);
        break;
      case '--no-ui':
        options.ui = false;
        break;
      default:
        throw new Error(`Unknown option ${arg}\n${USAGE}`);
    }
  }
  return options;
}

/** The publishing ceiling the caps allow: every receiver host busy with `cap` requests of `latency`. */
export function publishCeilingPerSecond(options: Pick<BenchOptions, 'receivers' | 'perHostCap' | 'latencyMs'>): number {
  return options.latencyMs === 0 ? Number.POSITIVE_INFINITY : (options.receivers * options.perHostCap * 1000) / options.latencyMs;
}

/**
 * The engine's global in-flight cap for a run: its default (128) unless the hosts and the per-host
 * cap allow more at once, so the per-host cap is the only limit the figures meet.
 */
export function maxInFlightFor(options: Pick<BenchOptions, 'hosts' | 'receivers' | 'perHostCap'>): number {
  return Math.min(1024, Math.max(128, options.hosts * options.perHostCap, options.receivers * options.perHostCap));
}
