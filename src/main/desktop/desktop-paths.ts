import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { EnginePaths } from '../engine/ports';

// Where the desktop app finds its files. The data folder's file names are the headless command's
// (src/main/cli/headless-ports.ts), so the app and `trigger-happy` share one database; a unit test
// compares the two. The built files sit next to each other in out/: main/index.js (this code),
// main/worker.js, preload/index.cjs, renderer/.

export const DATABASE_FILE_NAME = 'trigger-happy.sqlite3';
export const BACKUPS_DIR_NAME = 'backups';

export function desktopEnginePaths(dataDir: string, workerFile: string): EnginePaths {
  return {
    dataDir,
    databaseFile: join(dataDir, DATABASE_FILE_NAME),
    backupsDir: join(dataDir, BACKUPS_DIR_NAME),
    workerFile,
  };
}

/**
 * A path inside app.asar as the unpacked copy electron-builder's asarUnpack leaves beside it:
 * worker threads load files from the real file system, not from the archive (piscina #519).
 */
export function asarUnpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

export interface BuiltFiles {
  workerFile: string;
  preloadFile: string;
  rendererDir: string;
}

/** The built files, relative to the main bundle's own URL (import.meta.url of out/main/index.js). */
export function builtFiles(mainModuleUrl: string): BuiltFiles {
  return {
    workerFile: asarUnpackedPath(fileURLToPath(new URL('./worker.js', mainModuleUrl))),
    preloadFile: fileURLToPath(new URL('../preload/index.cjs', mainModuleUrl)),
    rendererDir: fileURLToPath(new URL('../renderer/', mainModuleUrl)),
  };
}
