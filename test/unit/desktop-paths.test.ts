import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BACKUPS_DIR_NAME as CLI_BACKUPS, DATABASE_FILE_NAME as CLI_DATABASE } from '../../src/main/cli/headless-ports';
import { asarUnpackedPath, BACKUPS_DIR_NAME, builtFiles, DATABASE_FILE_NAME, desktopEnginePaths } from '../../src/main/desktop/desktop-paths';

describe('desktop paths', () => {
  it('share the database and backups with the headless command', () => {
    expect(DATABASE_FILE_NAME).toBe(CLI_DATABASE);
    expect(BACKUPS_DIR_NAME).toBe(CLI_BACKUPS);
    expect(desktopEnginePaths('/data', '/app/out/main/worker.js')).toEqual({
      dataDir: '/data',
      databaseFile: join('/data', CLI_DATABASE),
      backupsDir: join('/data', CLI_BACKUPS),
      workerFile: '/app/out/main/worker.js',
    });
  });

  it('points the worker at the unpacked copy beside app.asar', () => {
    expect(asarUnpackedPath('/opt/Trigger Happy/resources/app.asar/out/main/worker.js')).toBe(
      '/opt/Trigger Happy/resources/app.asar.unpacked/out/main/worker.js',
    );
    expect(asarUnpackedPath('C:\\Program Files\\Trigger Happy\\resources\\app.asar\\out\\main\\worker.js')).toBe(
      'C:\\Program Files\\Trigger Happy\\resources\\app.asar.unpacked\\out\\main\\worker.js',
    );
    expect(asarUnpackedPath('/work/main/out/main/worker.js')).toBe('/work/main/out/main/worker.js');
  });

  it('finds the built worker, preload and renderer beside the main bundle', () => {
    const main = pathToFileURL('/opt/app/resources/app.asar/out/main/index.js').href;
    expect(builtFiles(main)).toEqual({
      workerFile: '/opt/app/resources/app.asar.unpacked/out/main/worker.js',
      preloadFile: '/opt/app/resources/app.asar/out/preload/index.cjs',
      rendererDir: '/opt/app/resources/app.asar/out/renderer/',
    });
  });
});
