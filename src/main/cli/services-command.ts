import type { Command } from 'commander';
import type { CliRuntime } from './cli-runtime';
import { invoke } from './engine-call';
import { withEngine } from './engine-session';
import { formatServiceLines } from './format-service';

// `services list [--json]`: every service the engine knows, what it can be and its parameters.

export function registerServicesCommand(program: Command, runtime: CliRuntime): void {
  const services = program.command('services').description('the services triggers connect (feeds, folders, webhooks…)');
  services
    .command('list')
    .description('list every service with its capabilities and parameters')
    .option('--json', 'print one JSON array')
    .action(async (options: { json?: boolean }, command: Command) => {
      const list = await withEngine(runtime, command, 'silent', (engine) => invoke(engine, 'services.list', {}));
      if (options.json) runtime.output.json(list);
      else runtime.output.lines(formatServiceLines(list));
    });
}
