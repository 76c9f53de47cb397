import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliRuntime } from './cli-runtime';
import { withEngine } from './engine-session';
import { parsePort } from './option-parsers';
import { startServe } from './serve/serve';
import { listenForStop } from '../engine/stop-signal';
import { EXIT_INTERRUPTED } from './exit-codes';

// `serve [--port P] [--host H]`: the engine running as in the desktop app, plus the window in a
// browser (see serve/serve.ts). The URL, with its one-time token, is the only thing on stdout.

interface ServeFlags {
  host: string;
  port: number;
}

export function registerServeCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('serve')
    .description('run the engine and serve the window over HTTP on this machine until Ctrl-C')
    .option('--host <address>', 'address to listen on (anything but loopback exposes the app to the network)', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 0)
    .action(async (options: ServeFlags, command: Command) => {
      const { output } = runtime;
      if (!existsSync(runtime.rendererDir)) output.warn(`the window is not built (${runtime.rendererDir} is missing): run npm run build`);
      const stop = listenForStop(() => process.exit(EXIT_INTERRUPTED));
      try {
        await withEngine(runtime, command, 'stderr', async (engine) => {
          engine.start();
          const server = await startServe(engine, { host: options.host, port: options.port, rendererDir: runtime.rendererDir });
          try {
            output.lines([server.url]);
            output.errorLine('trigger-happy: open the address above in a browser; press Ctrl-C to stop');
            const signal = await stop.stopped;
            output.errorLine(`trigger-happy: ${signal}: stopping`);
          } finally {
            await server.close();
          }
        });
      } finally {
        stop.dispose();
      }
    });
}
