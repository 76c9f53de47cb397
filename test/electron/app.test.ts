import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineNotification } from '../../src/main/engine/ports';
import type { E2EHooks } from '../../src/main/desktop/e2e-hooks';
import type { TrayMenuEntry } from '../../src/main/desktop/tray-menu';
import { numberedItems, rssDocument } from '../support/rss-fixture';
import { startServer, type LoopbackServer } from '../support/loopback-server';
import { electronLaunchability } from './electron-launchability';

// The built desktop app, driven by Playwright's Electron launcher: the tray's menu model (a native
// tray menu cannot be clicked from a test), the window, and the notifications the engine asks
// for, read through the test hooks main.ts installs when TRIGGER_HAPPY_E2E=1. Runs wherever an
// Electron binary is installed and the app is built; elsewhere every test is reported skipped,
// with the reason in the suite's name and on stdout.

const root = resolve(import.meta.dirname, '..', '..');
const launchability = electronLaunchability(root);
const skipReason = launchability.ok ? null : launchability.reason;
if (skipReason) process.stdout.write(`SKIPPED test/electron/app.test.ts: ${skipReason}\n`);

const suiteName = skipReason ? `Trigger Happy desktop app (SKIPPED: ${skipReason})` : 'Trigger Happy desktop app';

type HookGlobal = typeof globalThis & { __triggerHappyE2E?: E2EHooks };

/** The app's environment: its own data folder, the test hooks, and never the Vite dev server. */
function appEnvironment(home: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && name !== 'ELECTRON_RENDERER_URL' && name !== 'ELECTRON_RUN_AS_NODE') env[name] = value;
  }
  return { ...env, TRIGGER_HAPPY_HOME: home, TRIGGER_HAPPY_E2E: '1' };
}

describe.skipIf(skipReason !== null)(suiteName, () => {
  let app: ElectronApplication;
  let home: string;
  let notes: string;
  let feed: LoopbackServer;
  let page: Page;

  async function trayEntries(): Promise<TrayMenuEntry[]> {
    return app.evaluate(() => [...((globalThis as HookGlobal).__triggerHappyE2E?.trayEntries() ?? [])]);
  }

  async function activate(id: string): Promise<boolean> {
    return app.evaluate((_electron, entryId) => (globalThis as HookGlobal).__triggerHappyE2E?.activateTrayEntry(entryId) ?? false, id);
  }

  async function toggleLabel(): Promise<string | undefined> {
    const entry = (await trayEntries()).find((candidate) => candidate.type === 'action' && candidate.id === 'toggle-pause');
    return entry?.type === 'action' ? entry.label : undefined;
  }

  async function notifications(): Promise<EngineNotification[]> {
    return app.evaluate(() => [...((globalThis as HookGlobal).__triggerHappyE2E?.notifications ?? [])]);
  }

  beforeAll(async () => {
    if (!launchability.ok) return;
    home = await mkdtemp(join(tmpdir(), 'th-electron-home-'));
    notes = await mkdtemp(join(tmpdir(), 'th-electron-notes-'));
    feed = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.end(rssDocument('Loopback blog', numberedItems('loop post', 3, 3)));
    });
    app = await _electron.launch({
      executablePath: launchability.executable,
      // The project folder: Electron reads package.json (name, main = out/main/index.js) from it.
      args: [root],
      env: appEnvironment(home),
      timeout: 60_000,
    });
    await expect.poll(async () => (await trayEntries()).length, { timeout: 30_000 }).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await app?.close();
    await feed?.close();
    if (home) await rm(home, { recursive: true, force: true });
    if (notes) await rm(notes, { recursive: true, force: true });
  });

  it('toggles pause from the tray menu, and the engine follows', async () => {
    expect(await toggleLabel()).toBe('Pause');
    expect(await activate('toggle-pause')).toBe(true);
    await expect.poll(toggleLabel, { timeout: 10_000 }).toBe('Resume');
    const state = (await trayEntries()).find((entry) => entry.type === 'label' && entry.id === 'state');
    expect(state?.type === 'label' && state.label).toBe('Paused');
    expect(await activate('toggle-pause')).toBe(true);
    await expect.poll(toggleLabel, { timeout: 10_000 }).toBe('Pause');
  });

  it('opens the window from the tray: our page, with the bridge and nothing of Node', async () => {
    expect(await activate('open')).toBe(true);
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toMatch(/^app:\/\/trigger-happy\//);
    await expect.poll(() => app.evaluate(() => (globalThis as HookGlobal).__triggerHappyE2E?.windowVisible())).toBe(true);
    const exposed = await page.evaluate(() => {
      const scope = globalThis as unknown as Record<string, unknown>;
      const bridge = scope.triggerHappy as { api: Record<string, unknown> } | undefined;
      return {
        bridgeKeys: bridge ? Object.keys(bridge).sort() : null,
        channels: bridge ? Object.keys(bridge.api).length : 0,
        require: typeof scope.require,
        process: typeof scope.process,
        ipcRenderer: typeof scope.ipcRenderer,
      };
    });
    expect(exposed).toEqual({ bridgeKeys: ['api', 'on'], channels: 28, require: 'undefined', process: 'undefined', ipcRenderer: 'undefined' });
  });

  it('adds a trigger through the window and sees its notification requested', async () => {
    await page.getByRole('button', { name: 'Add a trigger' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Loopback blog');
    const provider = page.getByRole('group', { name: 'When there is something new in…' });
    await provider.getByLabel('URL', { exact: true }).fill(`${feed.url}/feed.xml`);
    const consumer = page.getByRole('group', { name: '…publish it to' });
    await consumer.getByRole('radio', { name: /^Markdown folder/ }).check();
    await consumer.getByLabel('Folder', { exact: true }).fill(notes);
    // Publish the newest item on the first run, so the first fetch finds something new.
    await page.getByLabel('Also publish the latest').check();
    await page.getByLabel('Number of latest items to publish on the first run').fill('1');
    await page.getByRole('button', { name: /^(Create trigger|Save)$/ }).click();

    // The trigger is due at once; Run now from the tray makes sure of it.
    await expect.poll(async () => (await trayEntries()).some((entry) => entry.type === 'action' && entry.id === 'run-now' && entry.enabled), { timeout: 30_000 }).toBe(true);
    await activate('run-now');
    await expect
      .poll(async () => (await notifications()).find((notification) => notification.title.includes('Loopback blog')), { timeout: 60_000 })
      .toMatchObject({ title: expect.stringContaining('Loopback blog') as string });
    // And the item reached its consumer.
    await expect.poll(async () => (await readdir(notes, { recursive: true })).filter((name) => String(name).endsWith('.md')).length, { timeout: 60_000 }).toBeGreaterThan(0);
  });
});
