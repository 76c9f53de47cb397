import type { Command } from 'commander';
import type { Engine } from '../engine/engine-api';
import type { EnginePorts } from '../engine/ports';
import { resolveDataDir } from '../engine/data-dir';
import type { CliOutput } from './cli-output';

// What every command needs from its surroundings: where output goes, how to make an engine, and
// where the built worker and renderer are. main.ts supplies the real ones.

export interface CliRuntime {
  output: CliOutput;
  createEngine(ports: EnginePorts): Promise<Engine>;
  /** out/main/worker.js, next to the built command. */
  workerFile: string;
  /** out/renderer, for `serve`. */
  rendererDir: string;
}

export interface GlobalOptions {
  dataDir?: string;
}

/** The data folder for this invocation: --data-dir, else TRIGGER_HAPPY_HOME, else the app's. */
export function dataDirOf(command: Command): string {
  return resolveDataDir(command.optsWithGlobals<GlobalOptions>().dataDir);
}
