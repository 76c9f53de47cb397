import { join } from 'node:path';
import type { EnginePaths } from './ports';

// The data folder's layout, shared by the desktop app and the headless command so both open the
// same database.

export const DATABASE_FILE_NAME = 'trigger-happy.sqlite3';
export const BACKUPS_DIR_NAME = 'backups';

export function enginePaths(dataDir: string, workerFile: string): EnginePaths {
  return {
    dataDir,
    databaseFile: join(dataDir, DATABASE_FILE_NAME),
    backupsDir: join(dataDir, BACKUPS_DIR_NAME),
    workerFile,
  };
}
