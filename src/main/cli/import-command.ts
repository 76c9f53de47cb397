import type { Command } from 'commander';
import type { ImportResult } from '../../shared/models';
import type { CliRuntime } from './cli-runtime';
import { invoke } from './engine-call';
import { withEngine } from './engine-session';
import { endpointFromFlags } from './endpoint-from-flags';
import { formatDuration } from './duration';
import { readOpmlFile } from './opml-file';
import { collectParamPairs, integerBetween, parseId, parseInterval } from './option-parsers';
import type { ParamPair } from './param-pair';
import { printable } from './terminal-text';
import { MAX_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS } from './trigger-input-from-flags';
import { UsageError } from './usage-error';

// `import FILE.opml --consumer SERVICE [--consumer-param key=value]…`: one feed trigger per feed
// outline, all publishing to that consumer. Feeds already sent to the same consumer are skipped,
// so importing a file twice is harmless.

interface ImportFlags {
  consumer: string;
  consumerParam?: ParamPair[];
  consumerAccount?: number;
  interval?: number;
  firstRunLatest?: number;
  json?: boolean;
}

function summary(result: ImportResult): string[] {
  const lines = [`Imported ${result.created} ${result.created === 1 ? 'trigger' : 'triggers'}.`];
  if (result.skipped.length > 0) {
    lines.push(`Skipped ${result.skipped.length}:`);
    for (const skip of result.skipped) lines.push(`  ${printable(skip.url)}: ${printable(skip.reason)}`);
  }
  return lines;
}

export function registerImportCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('import')
    .description('create one trigger per feed in an OPML file, all publishing to one consumer')
    .argument('<file>', 'the OPML file (exported from a feed reader)')
    .requiredOption('--consumer <service>', 'where the feeds\' new items go (see "services list")')
    .option('--consumer-param <key=value>', 'a consumer parameter; repeat for each (lists: a,b,c)', collectParamPairs)
    .option('--consumer-account <id>', 'the account the consumer uses, for services that need one', parseId)
    .option('--interval <duration>', 'how often to fetch each feed: 90s, 15m, 2h, 1d (default: the setting)', parseInterval)
    .option('--first-run-latest <n>', 'on the first fetch, publish the latest N items of each feed', integerBetween(0, 1000))
    .option('--json', 'print the result as one JSON object')
    .action(async (file: string, options: ImportFlags, command: Command) => {
      const consumer = endpointFromFlags('consumer', { service: options.consumer, params: options.consumerParam ?? [], accountId: options.consumerAccount });
      if (options.interval !== undefined && (options.interval < MIN_INTERVAL_SECONDS || options.interval > MAX_INTERVAL_SECONDS)) {
        throw new UsageError(`--interval: ${formatDuration(options.interval)} is outside ${formatDuration(MIN_INTERVAL_SECONDS)} to ${formatDuration(MAX_INTERVAL_SECONDS)}`);
      }
      const text = await readOpmlFile(file);
      const result = await withEngine(runtime, command, 'silent', (engine) =>
        invoke(engine, 'opml.import', {
          text,
          consumer,
          ...(options.interval !== undefined ? { intervalSeconds: options.interval } : {}),
          firstRunLatest: options.firstRunLatest ?? 0,
        }),
      );
      if (options.json) runtime.output.json(result);
      else runtime.output.lines(summary(result));
    });
}
