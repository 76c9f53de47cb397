import { Command, CommanderError } from 'commander';
import { DATA_DIR_ENV } from '../engine/data-dir';
import { PROGRAM_NAME } from './cli-output';
import type { CliRuntime } from './cli-runtime';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes';
import { registerExportCommand } from './export-command';
import { registerImportCommand } from './import-command';
import { registerItemsCommand } from './items-command';
import { registerLogsCommand } from './logs-command';
import { registerRunCommand } from './run-command';
import { registerServeCommand } from './serve-command';
import { registerServicesCommand } from './services-command';
import { registerTriggersCommand } from './triggers-command';
import { UsageError } from './usage-error';

// The `trigger-happy` command: commander reads the flags, each command file does one group. Every
// way of failing ends here and becomes one line on stderr and an exit code: 2 for anything the
// user typed (commander's own errors included), 1 for an engine that could not do the work.

/** Commander's messages start with "error: " and may add a hint on a second line. */
function oneLine(message: string): string {
  return message
    .replace(/^error:\s*/i, '')
    .split('\n')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ');
}

/** The deepest command the words of argv name, for "missing command" messages. */
export function commandNamedBy(program: Command, argv: readonly string[]): Command {
  let current = program;
  for (let index = 0; index < argv.length; index += 1) {
    const word = argv[index] ?? '';
    if (word === '--data-dir') {
      index += 1;
      continue;
    }
    if (word.startsWith('-')) continue;
    const next = current.commands.find((command) => command.name() === word);
    if (!next) break;
    current = next;
  }
  return current;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

export function buildProgram(runtime: CliRuntime): Command {
  const program = new Command(PROGRAM_NAME);
  program
    .description('Trigger Happy without the window: when a provider has new items, publish them to a consumer.')
    .option('--data-dir <dir>', `the data folder (default: $${DATA_DIR_ENV}, else the desktop app's)`)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => runtime.output.raw(text),
      // Help shown because a command is missing is replaced by one line (see runCli); every other
      // error is reported there too, so commander itself writes nothing to stderr.
      writeErr: () => undefined,
      outputError: () => undefined,
    });
  registerImportCommand(program, runtime);
  registerExportCommand(program, runtime);
  registerServicesCommand(program, runtime);
  registerTriggersCommand(program, runtime);
  registerItemsCommand(program, runtime);
  registerLogsCommand(program, runtime);
  registerRunCommand(program, runtime);
  registerServeCommand(program, runtime);
  return program;
}

/** Runs one invocation and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], runtime: CliRuntime): Promise<number> {
  const program = buildProgram(runtime);
  const fail = (code: number, message: string): number => {
    runtime.output.errorLine(`${PROGRAM_NAME}: ${message}`);
    return code;
  };
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
      if (error.code === 'commander.help') {
        // A group (or the program) was given without its command.
        const group = commandNamedBy(program, argv);
        const choices = group.commands.map((command) => command.name()).join(', ');
        const path = commandPath(group);
        const where = group === program ? '' : `${path.slice(PROGRAM_NAME.length + 1)}: `;
        return fail(EXIT_USAGE, `${where}missing command (${choices}); see "${path} --help"`);
      }
      return fail(EXIT_USAGE, oneLine(error.message));
    }
    if (error instanceof UsageError) return fail(EXIT_USAGE, error.message);
    return fail(EXIT_FAILURE, error instanceof Error ? error.message : String(error));
  }
}
