import { fileURLToPath } from 'node:url';
import { createEngine } from '../engine/engine';
import { createCliOutput } from './cli-output';
import { runCli } from './cli-program';

// Entry of the built `trigger-happy` command (out/main/cli.js, started by bin/trigger-happy.js).
// The worker and the renderer are located relative to this file, which the build puts in
// out/main next to worker.js, with out/renderer beside it.

const workerFile = fileURLToPath(new URL('./worker.js', import.meta.url));
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));

// `trigger-happy logs | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

void runCli(process.argv.slice(2), {
  output: createCliOutput(process.stdout, process.stderr),
  createEngine,
  workerFile,
  rendererDir,
}).then((code) => {
  process.exitCode = code;
  // The engine has closed its pool and database; if some handle still holds the event loop open,
  // do not hang the user's shell over it.
  setTimeout(() => process.exit(code), 2000).unref();
});
