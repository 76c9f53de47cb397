import type { Command } from 'commander';
import type { CliRuntime } from './cli-runtime';
import { invoke } from './engine-call';
import { withEngine } from './engine-session';
import { formatRunLine } from './format-run';
import { describeTrigger, formatTriggerLines } from './format-trigger';
import { collectParamPairs, collectValues, integerBetween, parseId, parseInterval } from './option-parsers';
import { triggerInputFromFlags, type TriggerAddFlags } from './trigger-input-from-flags';

// `triggers list|add|enable|disable|remove|run`.

interface JsonFlag {
  json?: boolean;
}

function registerList(triggers: Command, runtime: CliRuntime): void {
  triggers
    .command('list')
    .description('list every trigger with its state, schedule, counts and last run')
    .option('--json', 'print one JSON array')
    .action(async (options: JsonFlag, command: Command) => {
      const list = await withEngine(runtime, command, 'silent', (engine) => invoke(engine, 'triggers.list', {}));
      if (options.json) runtime.output.json(list);
      else runtime.output.lines(formatTriggerLines(list));
    });
}

function registerAdd(triggers: Command, runtime: CliRuntime): void {
  triggers
    .command('add')
    .description('add a trigger: when the provider has new items, publish them to the consumer')
    .requiredOption('--name <name>', 'what to call the trigger')
    .requiredOption('--provider <service>', 'where items come from (see "services list")')
    .option('--provider-param <key=value>', "a provider parameter; repeat for each (lists: a,b,c)", collectParamPairs)
    .option('--provider-account <id>', 'the account the provider uses, for services that need one', parseId)
    .requiredOption('--consumer <service>', 'where items go (see "services list")')
    .option('--consumer-param <key=value>', 'a consumer parameter; repeat for each (lists: a,b,c)', collectParamPairs)
    .option('--consumer-account <id>', 'the account the consumer uses, for services that need one', parseId)
    .option('--interval <duration>', 'how often to fetch: 90s, 15m, 2h, 1d (default: the fetch interval setting)', parseInterval)
    .option('--include <words>', 'only items mentioning one of these words (comma-separated; repeatable)', collectValues)
    .option('--exclude <words>', 'drop items mentioning one of these words (comma-separated; repeatable)', collectValues)
    .option('--max-per-run <n>', 'publish at most this many items per cycle; the rest wait (default 10)', integerBetween(1, 1000))
    .option('--first-run-latest <n>', 'on the first fetch, publish the latest N items instead of none', integerBetween(0, 1000))
    .option('--json', 'print the created trigger as one JSON object')
    .action(async (options: TriggerAddFlags & JsonFlag, command: Command) => {
      const input = triggerInputFromFlags(options);
      const created = await withEngine(runtime, command, 'silent', (engine) => invoke(engine, 'triggers.create', input));
      if (options.json) runtime.output.json(created);
      else runtime.output.lines([`Created trigger ${describeTrigger(created)}`]);
    });
}

function registerSetEnabled(triggers: Command, runtime: CliRuntime, enabled: boolean): void {
  const verb = enabled ? 'enable' : 'disable';
  triggers
    .command(verb)
    .description(enabled ? 'resume fetching and publishing for a trigger' : 'stop fetching and publishing for a trigger (its items wait)')
    .argument('<id>', 'the trigger id (see "triggers list")', parseId)
    .option('--json', 'print the trigger as one JSON object')
    .action(async (id: number, options: JsonFlag, command: Command) => {
      const trigger = await withEngine(runtime, command, 'silent', (engine) => invoke(engine, 'triggers.setEnabled', { id, enabled }));
      if (options.json) runtime.output.json(trigger);
      else runtime.output.lines([`${enabled ? 'Enabled' : 'Disabled'} trigger ${describeTrigger(trigger)}`]);
    });
}

function registerRemove(triggers: Command, runtime: CliRuntime): void {
  triggers
    .command('remove')
    .description('remove a trigger with its items and activity')
    .argument('<id>', 'the trigger id (see "triggers list")', parseId)
    .option('--json', 'print the result as one JSON object')
    .action(async (id: number, options: JsonFlag, command: Command) => {
      const removed = await withEngine(runtime, command, 'silent', (engine) => invoke(engine, 'triggers.remove', { id }));
      if (options.json) runtime.output.json({ id, ...removed });
      else runtime.output.lines([`Removed trigger #${id}`]);
    });
}

function registerRun(triggers: Command, runtime: CliRuntime): void {
  triggers
    .command('run')
    .description('fetch and publish one trigger now, whatever its schedule')
    .argument('<id>', 'the trigger id (see "triggers list")', parseId)
    .option('--json', 'print the runs as one JSON array')
    .action(async (id: number, options: JsonFlag, command: Command) => {
      const runs = await withEngine(runtime, command, 'silent', (engine) => invoke(engine, 'triggers.run', { id }));
      if (options.json) runtime.output.json(runs);
      else runtime.output.lines(runs.map(formatRunLine));
    });
}

export function registerTriggersCommand(program: Command, runtime: CliRuntime): void {
  const triggers = program.command('triggers').description('list, add, enable, disable, remove or run triggers');
  registerList(triggers, runtime);
  registerAdd(triggers, runtime);
  registerSetEnabled(triggers, runtime, true);
  registerSetEnabled(triggers, runtime, false);
  registerRemove(triggers, runtime);
  registerRun(triggers, runtime);
}
