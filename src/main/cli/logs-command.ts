import type { Command } from 'commander';
import type { RunView } from '../../shared/models';
import type { Engine } from '../engine/engine-api';
import type { CliRuntime } from './cli-runtime';
import { invoke } from './engine-call';
import { withEngine } from './engine-session';
import { formatRunLine } from './format-run';
import { integerBetween, parseId } from './option-parsers';
import { listenForStop } from '../engine/stop-signal';
import { EXIT_INTERRUPTED } from './exit-codes';
import { UsageError } from './usage-error';

// `logs [--trigger ID] [--limit N] [--json] [--follow]`: the activity log, oldest first like any
// log file. `--follow` keeps printing new rows as another process (`run`, the desktop app) writes
// them, by asking for rows after the last one seen once a second, until Ctrl-C.

interface LogsFlags {
  trigger?: number;
  limit: number;
  json?: boolean;
  follow?: boolean;
}

export const FOLLOW_POLL_MS = 1000;
/** The contract's largest page; a second of activity never comes near it. */
const FOLLOW_PAGE = 100_000;

function oldestFirst(runs: readonly RunView[]): RunView[] {
  return [...runs].sort((a, b) => a.id - b.id);
}

async function follow(engine: Engine, runtime: CliRuntime, triggerId: number | undefined, afterId: number): Promise<void> {
  const stop = listenForStop(() => process.exit(EXIT_INTERRUPTED));
  let lastId = afterId;
  let stopping = false;
  void stop.stopped.then(() => (stopping = true));
  try {
    while (!stopping) {
      await Promise.race([stop.stopped, new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS))]);
      if (stopping) break;
      const fresh = oldestFirst(await invoke(engine, 'runs.list', { triggerId, afterId: lastId, limit: FOLLOW_PAGE }));
      runtime.output.lines(fresh.map(formatRunLine));
      lastId = fresh.at(-1)?.id ?? lastId;
    }
  } finally {
    stop.dispose();
  }
}

export function registerLogsCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('logs')
    .description('show the activity log: one line per fetch or publish run')
    .option('--trigger <id>', 'only this trigger', parseId)
    .option('--limit <n>', 'the last N runs', integerBetween(1, 100_000), 100)
    .option('--json', 'print one JSON array')
    .option('-f, --follow', 'keep printing new runs until Ctrl-C')
    .action(async (options: LogsFlags, command: Command) => {
      if (options.json && options.follow) throw new UsageError('--follow prints lines as they come; it cannot be combined with --json');
      await withEngine(runtime, command, 'silent', async (engine) => {
        if (options.trigger !== undefined) await invoke(engine, 'triggers.get', { id: options.trigger });
        const runs = oldestFirst(await invoke(engine, 'runs.list', { triggerId: options.trigger, limit: options.limit }));
        if (options.json) {
          runtime.output.json(runs);
          return;
        }
        runtime.output.lines(runs.map(formatRunLine));
        if (options.follow) {
          // With no rows yet, start from 0: every row written from now on is new.
          await follow(engine, runtime, options.trigger, runs.at(-1)?.id ?? 0);
        }
      });
    });
}
