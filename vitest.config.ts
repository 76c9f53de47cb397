import { defineConfig } from 'vitest/config';

// Three projects so each layer can be run alone: unit (pure functions, no network), integration
// (real SQLite files, real piscina threads, loopback servers, the built CLI) and browser
// (Playwright driving Debian's Chromium against `trigger-happy serve`). The integration and browser
// projects need `npm run build` first (the piscina worker and the renderer are built files).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // electron-store imports `electron`; inlined, its import goes through Vite, so the desktop
          // settings test can give it a fake electron module (there is no Electron binary here).
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        // The built desktop app through Playwright's Electron launcher; reported skipped, with the
        // reason, where no Electron binary is installed (as on the project's build machines).
        test: {
          name: 'electron',
          include: ['test/electron/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
