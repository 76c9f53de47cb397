import type { Command } from 'commander';
import type { CliRuntime } from './cli-runtime';
import { dataDirOf } from './cli-runtime';
import { withEngine } from './engine-session';
import { formatRunLine } from './format-run';
import { listenForStop } from '../engine/stop-signal';
import { EXIT_INTERRUPTED } from './exit-codes';

// `run`: the scheduler in the foreground, one line per run as it happens, until SIGINT/SIGTERM,
// then a graceful stop. `run --once`: one fetch cycle over every enabled trigger and one publish
// cycle, then exit. Triggers that fail are reported in their run lines and do not change the exit
// code; only an engine that cannot run does (the error propagates: exit 1).

interface RunFlags {
  once?: boolean;
}

export function registerRunCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('run')
    .description('run the scheduler in the foreground until Ctrl-C (or, with --once, one cycle)')
    .option('--once', 'one fetch cycle over every enabled trigger, one publish cycle, then exit')
    .action(async (options: RunFlags, command: Command) => {
      const { output } = runtime;
      // Listening before the engine opens makes the first Ctrl-C graceful from the start; the
      // listener stays until the engine has stopped, so a second Ctrl-C can cut the stop short.
      const stop = listenForStop(() => process.exit(EXIT_INTERRUPTED));
      try {
        await withEngine(runtime, command, 'stderr', async (engine) => {
          const unsubscribe = engine.on('run:added', (run) => output.lines([formatRunLine(run)]));
          try {
            if (options.once) {
              const interrupted = stop.stopped.then((signal) => output.errorLine(`trigger-happy: ${signal}: stopping after the runs under way`));
              await Promise.race([engine.runOnce(), interrupted]);
              return;
            }
            engine.start();
            output.errorLine(`trigger-happy: running with the data in ${dataDirOf(command)}; press Ctrl-C to stop`);
            const signal = await stop.stopped;
            output.errorLine(`trigger-happy: ${signal}: stopping after the runs under way (Ctrl-C again to quit at once)`);
          } finally {
            unsubscribe();
          }
        });
      } finally {
        stop.dispose();
      }
    });
}
