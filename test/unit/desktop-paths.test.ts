import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { asarUnpackedPath, builtFiles } from '../../src/main/desktop/desktop-paths';

describe('desktop paths', () => {
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
