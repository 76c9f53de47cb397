import { fileURLToPath } from 'node:url';

// Where the desktop app finds its built files. They sit next to each other in out/: main/index.js
// (this code), main/worker.js, preload/index.cjs, renderer/. The data folder's layout is the
// engine's (engine/data-files.ts), shared with the headless command.

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
