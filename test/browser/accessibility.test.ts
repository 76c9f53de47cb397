import { AxeBuilder } from '@axe-core/playwright';
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell';
import { TriggerEditorPage } from './pages/trigger-editor-page';
import { TriggersPage } from './pages/triggers-page';
import { openSession, RESULTS_DIR, type BrowserSession } from './support/browser-session';
import { launchChromium } from './support/chromium';
import { seedDemoData, type DemoData } from './support/demo-data';
import { startServeProcess, type ServeProcess } from './support/serve-process';

// axe-core on every view, in the light and the dark theme (the window follows the system), with
// a screenshot of each written to test-results/screenshots/. The main ones are copied to
// docs/screenshots/ for the README. Only serious and critical findings fail the test; the rest are
// printed.

const SCREENSHOTS = join(RESULTS_DIR, 'screenshots');
const DOCS_SCREENSHOTS = resolve(import.meta.dirname, '../../docs/screenshots');
const FOR_README = ['triggers-light', 'trigger-editor-light', 'activity-dark', 'items-light', 'settings-dark', 'triggers-800x560-dark'];

type ViewName = 'triggers' | 'trigger-editor' | 'trigger-test' | 'activity' | 'items' | 'accounts' | 'settings' | 'opml-import';

async function showView(session: BrowserSession, view: ViewName): Promise<void> {
  const { page } = session;
  const shell = new AppShell(page);
  switch (view) {
    case 'triggers':
      await shell.open('Triggers');
      await new TriggersPage(page).row('Old blog (gone)').getByText(/Error/).waitFor();
      break;
    case 'trigger-editor':
      await shell.open('Triggers');
      await new TriggersPage(page).edit('Django weblog → read later');
      await new TriggerEditorPage(page).preview().locator('pre').waitFor();
      break;
    case 'trigger-test':
      await new TriggerEditorPage(page).test();
      break;
    case 'activity':
      await shell.open('Activity');
      await page.getByTestId('activity-row').first().waitFor();
      break;
    case 'items':
      await shell.open('Items');
      await page.getByTestId('item-row').first().waitFor();
      break;
    case 'accounts':
      await shell.open('Accounts');
      await page.getByRole('region', { name: 'No service needs an account' }).waitFor();
      break;
    case 'settings':
      await shell.open('Settings');
      await page.getByText('Data folder').waitFor();
      break;
    case 'opml-import':
      await shell.open('Triggers');
      await new TriggersPage(page).openOpmlImport();
      await page.getByRole('dialog', { name: 'Import OPML' }).getByLabel('OPML file').waitFor();
      break;
  }
  // Let toasts and transitions settle so the screenshot shows the view.
  await page.waitForTimeout(200);
}

const VIEWS: ViewName[] = ['triggers', 'trigger-editor', 'trigger-test', 'activity', 'items', 'accounts', 'settings', 'opml-import'];

describe('accessibility and screenshots of every view', () => {
  let browser: Browser;
  let serve: ServeProcess;
  let demo: DemoData;
  const findings: string[] = [];
  const checked: string[] = [];

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    serve = await startServeProcess();
    demo = await seedDemoData(serve);
    browser = await launchChromium();
  });

  afterAll(async () => {
    console.info(checked.join('\n'));
    if (findings.length > 0) console.info(`axe, minor and moderate findings:\n${findings.join('\n')}`);
    await browser?.close();
    await serve?.stop();
    await demo?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violation in the ${scheme} theme`, async () => {
      const session = await openSession(browser, serve, { colorScheme: scheme });
      const serious: string[] = [];
      try {
        for (const view of VIEWS) {
          await showView(session, view);
          await session.page.screenshot({ path: join(SCREENSHOTS, `${view}-${scheme}.png`), fullPage: false });
          const results = await new AxeBuilder({ page: session.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
          // axe really looked: a view with no passing checks would mean it never ran.
          expect(results.passes.length, `${view} passes`).toBeGreaterThan(10);
          checked.push(`${scheme} ${view}: ${results.passes.length} checks passed, ${results.violations.length} violations`);
          for (const violation of results.violations) {
            const line = `${scheme} ${view}: ${violation.id} (${violation.impact}) ${violation.help} — ${violation.nodes
              .slice(0, 3)
              .map((node) => node.target.join(' '))
              .join(', ')}`;
            if (violation.impact === 'serious' || violation.impact === 'critical') serious.push(line);
            else findings.push(line);
          }
          if (view === 'opml-import') await session.page.keyboard.press('Escape');
        }
      } finally {
        await session.close();
      }
      expect(serious).toEqual([]);
    });
  }

  it('is usable at 800×560, and every control on the Triggers view is reachable with Tab', async () => {
    const session = await openSession(browser, serve, { colorScheme: 'dark', viewport: { width: 800, height: 560 } });
    try {
      const { page } = session;
      await showView(session, 'triggers');
      await page.screenshot({ path: join(SCREENSHOTS, 'triggers-800x560-dark.png') });
      // Nothing may overflow the window sideways at the smallest supported size.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
      const reached = new Set<string>();
      await page.locator('body').focus();
      for (let step = 0; step < 60; step += 1) {
        await page.keyboard.press('Tab');
        const name = await page.evaluate(() => {
          const element = document.activeElement;
          if (!element || element === document.body) return '';
          return element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.getAttribute('placeholder') ?? element.tagName;
        });
        reached.add(name);
      }
      for (const expected of ['Triggers', 'Activity', 'Settings', 'Pause', 'Import OPML', 'New trigger', 'Enabled: Django weblog → read later', 'Run Django weblog → read later now']) {
        expect([...reached], expected).toContain(expected);
      }
    } finally {
      await session.close();
    }
  });

  afterAll(async () => {
    await mkdir(DOCS_SCREENSHOTS, { recursive: true });
    for (const name of FOR_README) await copyFile(join(SCREENSHOTS, `${name}.png`), join(DOCS_SCREENSHOTS, `${name}.png`)).catch(() => undefined);
  });
});
