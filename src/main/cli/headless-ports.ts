import { join } from 'node:path';
import { enginePaths } from '../engine/data-files';
import { systemClock, type EnginePorts } from '../engine/ports';
import { createConfSettings } from './conf-settings';
import { createFileSecrets, SECRETS_FILE_NAME } from './file-secrets';
import { createNotifier, type NotifierMode } from './stderr-notifier';

// The engine's ports when it runs without Electron: the same data folder and file names as the
// desktop app, settings through conf, secrets in a 0600 file, notifications as stderr lines (or
// nothing), the system clock. Building them touches the data folder, so commands build them only
// once their input has been checked.


export interface HeadlessPortOptions {
  dataDir: string;
  /** The built piscina worker (out/main/worker.js), next to the built command. */
  workerFile: string;
  notifier: NotifierMode;
  /** A warning about the data folder's files, one line on stderr. */
  warn: (message: string) => void;
  /** Any other line on stderr (notifications). */
  errorLine: (line: string) => void;
}

export function createHeadlessPorts(options: HeadlessPortOptions): EnginePorts {
  const { dataDir, warn } = options;
  return {
    paths: enginePaths(dataDir, options.workerFile),
    settings: createConfSettings(dataDir, warn),
    secrets: createFileSecrets(join(dataDir, SECRETS_FILE_NAME), warn),
    notifier: createNotifier(options.notifier, options.errorLine),
    clock: systemClock,
    desktop: false,
  };
}
