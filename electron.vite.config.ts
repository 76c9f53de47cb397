import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build for the three Electron roots. The main build has three entries that all run in plain
// Node too: the desktop main process, the headless `trigger-happy` command and the piscina worker
// router. Dependencies stay external (piscina must not be bundled: it looks up its own worker.js,
// and better-sqlite3 is native), except the pure-JavaScript ones every worker thread loads:
// each thread holds the source text and a module record of every file it imports, and
// feedsmith, zod and entities are several hundred small files. Bundled and minified, the peak RSS
// at 10,000 triggers fell by ~15 MB (213–218 → 200 MB) with the cycles' CPU no higher.
// turndown stays external: only a Markdown delivery loads it (markdown-consumer.ts).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { exclude: ['feedsmith', 'zod', 'entities'] },
      minify: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/desktop/main.ts'),
          cli: resolve(__dirname, 'src/main/cli/main.ts'),
          worker: resolve(__dirname, 'src/workers/router.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/main/desktop/preload.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
