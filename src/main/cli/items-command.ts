import { Option, type Command } from 'commander';
import { ITEM_STATES, type ItemState } from '../../shared/models';
import type { CliRuntime } from './cli-runtime';
import { invoke } from './engine-call';
import { withEngine } from './engine-session';
import { formatItemLines } from './format-item';
import { integerBetween, parseId } from './option-parsers';

// `items [--trigger ID] [--state STATE] [--limit N] [--json]`: the outbox, newest first.

interface ItemsFlags {
  trigger?: number;
  state?: ItemState;
  limit: number;
  json?: boolean;
}

export function registerItemsCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('items')
    .description('list items found for triggers and where they are in the outbox')
    .option('--trigger <id>', 'only this trigger', parseId)
    .addOption(new Option('--state <state>', 'only items in this state').choices(ITEM_STATES))
    .option('--limit <n>', 'at most this many items', integerBetween(1, 1000), 200)
    .option('--json', 'print one JSON array')
    .action(async (options: ItemsFlags, command: Command) => {
      const items = await withEngine(runtime, command, 'silent', async (engine) => {
        // An unknown trigger is a mistake worth reporting, not an empty list.
        if (options.trigger !== undefined) await invoke(engine, 'triggers.get', { id: options.trigger });
        return invoke(engine, 'items.list', { triggerId: options.trigger, state: options.state, limit: options.limit });
      });
      if (options.json) runtime.output.json(items);
      else runtime.output.lines(formatItemLines(items));
    });
}
