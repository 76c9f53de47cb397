import { statSync } from 'node:fs';
import type { Command } from 'commander';
import type { Engine } from '../engine/engine-api';
import { dataDirOf, type CliRuntime } from './cli-runtime';
import { createHeadlessPorts } from './headless-ports';
import type { NotifierMode } from './stderr-notifier';
import { UsageError } from './usage-error';

// Opens the engine on the data folder for one command and always closes it again (database and
// worker pool), whether the command succeeded or not. Commands call this only after checking
// their input, since opening creates the data folder and the database.

export class EngineOpenError extends Error {
  constructor(dataDir: string, cause: unknown) {
    super(`cannot open the data in ${dataDir}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'EngineOpenError';
  }
}

export async function withEngine<T>(
  runtime: CliRuntime,
  command: Command,
  notifier: NotifierMode,
  body: (engine: Engine) => Promise<T>,
): Promise<T> {
  const dataDir = dataDirOf(command);
  if (statSync(dataDir, { throwIfNoEntry: false })?.isDirectory() === false) throw new UsageError(`the data folder ${dataDir} is not a folder`);
  let engine: Engine;
  try {
    const ports = createHeadlessPorts({
      dataDir,
      workerFile: runtime.workerFile,
      notifier,
      warn: (message) => runtime.output.warn(message),
      errorLine: (line) => runtime.output.errorLine(line),
    });
    engine = await runtime.createEngine(ports);
  } catch (error) {
    throw new EngineOpenError(dataDir, error);
  }
  let result: T;
  try {
    result = await body(engine);
  } catch (error) {
    // The command's own error is the one to report; a failure to close as well is only a warning.
    await engine.stop().catch((stopError: unknown) => runtime.output.warn(`closing the engine failed: ${String(stopError)}`));
    throw error;
  }
  await engine.stop();
  return result;
}
