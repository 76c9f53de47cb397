import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type LoopbackServer } from '../support/loopback-server';
import { rssDocument } from '../support/rss-fixture';
import { AppShell } from './pages/app-shell';
import { ItemsPage } from './pages/items-page';
import { TriggerEditorPage } from './pages/trigger-editor-page';
import { TriggersPage } from './pages/triggers-page';
import { openSession, screenshotOnFailure, type BrowserSession } from './support/browser-session';
import { launchChromium } from './support/chromium';
import { invokeOverServe } from './support/serve-api';
import { startFeedServer, startWebhookReceiver, type FeedServer } from './support/loopback-services';
import { startServeProcess, type ServeProcess } from './support/serve-process';
import { xssVectors } from './support/xss-vectors';

// A hostile feed: every title and every content body is a script payload, and every link a
// `javascript:` one. Shown everywhere the window shows items (list, activity, outbox, the Test
// panel's sanitised HTML), with everything hovered and clicked, nothing may run and the page may
// reach nothing but its own server.

const HOSTILE_NAME = 'Hostile <img src=x onerror=__xss(99)>';

describe('untrusted feed content in the window', () => {
  let browser: Browser;
  let serve: ServeProcess;
  let session: BrowserSession;
  let feed: FeedServer;
  let trap: LoopbackServer;
  let webhook: LoopbackServer;
  let vectors: string[];
  const executions: string[] = [];
  const dialogs: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    trap = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/gif' });
      res.end();
    });
    vectors = xssVectors(trap.url);
    const items = vectors.map((payload, index) => ({
      guid: `xss-${index + 1}`,
      title: payload,
      link: index % 2 === 0 ? `javascript:__xss(${100 + index})` : `${trap.url}/item/${index + 1}`,
      description: `${payload}<p>payload ${index + 1}</p>`,
      pubDate: new Date(Date.UTC(2026, 10, 1, 0, index)),
    }));
    feed = await startFeedServer('Hostile feed', [], () => rssDocument('Hostile <script>__xss(0)</script> feed', items));
    webhook = await startWebhookReceiver();
    serve = await startServeProcess();
    const created = await invokeOverServe(serve, 'triggers.create', {
      name: HOSTILE_NAME,
      provider: { service: 'rss', params: { url: feed.url } },
      consumer: { service: 'webhook', params: { url: webhook.url } },
      firstRunLatest: vectors.length,
      maxPerRun: 1000,
    });
    await invokeOverServe(serve, 'triggers.run', { id: created.id });

    browser = await launchChromium();
    session = await openSession(browser, serve, {
      beforeOpen: async (context) => {
        await context.exposeBinding('__xss', (_source, n: unknown) => executions.push(String(n)));
        await context.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (event) => {
            const target = event.target instanceof Element ? event.target.outerHTML.slice(0, 120) : event.target === document ? 'document' : 'other';
            console.warn(`csp-violation ${event.violatedDirective} ${event.blockedURI} ${event.sample} ${target}`);
          });
        });
      },
    });
    session.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    session.page.on('console', (message) => {
      if (message.text().startsWith('csp-violation')) cspViolations.push(message.text());
    });
  });

  afterEach((context) => screenshotOnFailure(session, context));

  afterAll(async () => {
    await session?.close();
    await browser?.close();
    await serve?.stop();
    await feed?.close();
    await trap?.close();
    await webhook?.close();
  });

  /**
   * Hovers, focuses and clicks every element in the areas that show feed content: real pointer
   * events on the interactive ones, dispatched events on the rest (inline handlers would fire for
   * those too). Checked http(s) links, and anything inside one, open a tab on purpose and are
   * left alone.
   */
  async function poke(scope: string): Promise<number> {
    const { page } = session;
    const interactive = await page.locator(`:is(${scope}) :is(a, button, summary, [tabindex], details)`).all();
    for (const element of interactive) {
      const insideLink = await element.evaluate((el) => /^https?:/i.test(el.closest('a[href]')?.getAttribute('href') ?? '')).catch(() => true);
      if (insideLink || !(await element.isVisible().catch(() => false))) continue;
      await element.hover({ timeout: 1000 }).catch(() => undefined);
      await element.click({ timeout: 1000, noWaitAfter: true }).catch(() => undefined);
    }
    const touched = await page.evaluate((selector) => {
      let count = 0;
      for (const element of document.querySelectorAll(`:is(${selector}) *`)) {
        if (/^https?:/i.test(element.closest('a[href]')?.getAttribute('href') ?? '')) continue;
        for (const type of ['mouseover', 'mouseenter', 'mousemove', 'pointerdown', 'mouseup']) element.dispatchEvent(new MouseEvent(type, { bubbles: true }));
        if (element instanceof HTMLElement) {
          element.focus();
          element.click();
        }
        count += 1;
      }
      return count;
    }, scope);
    await page.waitForTimeout(300);
    return touched + interactive.length;
  }

  async function assertNoLiveMarkup(): Promise<void> {
    const found = await session.page.evaluate(() => {
      const bad: string[] = [];
      for (const element of document.querySelectorAll('#root *')) {
        for (const attribute of element.getAttributeNames()) if (attribute.toLowerCase().startsWith('on')) bad.push(`${element.tagName} ${attribute}`);
        const href = element.getAttribute('href') ?? element.getAttribute('xlink:href');
        if (href && !/^(https?:|#)/i.test(href.trim())) bad.push(`${element.tagName} href=${href}`);
      }
      // Our own UI has forms and buttons; feed content must bring none of these.
      const content = '.test-results, .item-main, [data-testid="activity-row"], .trigger-main, .trigger-status';
      // (Sanitised <img> may stay: the CSP keeps remote ones from loading, and the trap counts any.)
      for (const tag of ['script', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'style', 'meta', 'base', 'link']) {
        for (const area of document.querySelectorAll(content)) if (area.querySelector(tag)) bad.push(`${tag} in ${area.className}`);
      }
      for (const script of document.querySelectorAll('script')) if (!script.src) bad.push('inline script');
      return bad;
    });
    expect(found).toEqual([]);
  }

  it('uses at least 34 vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(34);
  });

  it('shows the trigger, its runs and its items as text', async () => {
    const { page } = session;
    const shell = new AppShell(page);
    await new TriggersPage(page).row(HOSTILE_NAME).waitFor();
    expect(await poke('.trigger-main, .trigger-status')).toBeGreaterThan(0);
    await shell.open('Activity');
    await page.getByTestId('activity-row').first().waitFor();
    expect(await poke('[data-testid="activity-row"]')).toBeGreaterThan(0);
    await shell.open('Items');
    const items = new ItemsPage(page);
    await items.rows().first().waitFor();
    expect(await items.rows().count()).toBe(vectors.length);
    // Each title on screen is exactly the engine's title, as text: no markup was interpreted.
    const engineTitles = (await invokeOverServe(serve, 'items.list', { limit: 1000 })).map((item) => item.title || '(untitled)').sort();
    const shownTitles = (await page.locator('.item-title').allTextContents()).sort();
    expect(shownTitles).toEqual(engineTitles);
    // The engine reduces feed titles to plain text; the trigger's name is ours and keeps its markup
    // characters, which must show literally wherever the name appears (on this page, the trigger
    // filter's entry, filled once the window's trigger list has loaded).
    const nameAsText = page.getByText(HOSTILE_NAME, { exact: true });
    await nameAsText.first().waitFor({ state: 'attached' });
    expect(await nameAsText.count()).toBeGreaterThan(0);
    expect(await poke('.item-main')).toBeGreaterThan(vectors.length);
    await assertNoLiveMarkup();
  });

  it('shows the sanitised content in the Test panel without running any of it', async () => {
    const { page } = session;
    await new AppShell(page).open('Triggers');
    await new TriggersPage(page).edit(HOSTILE_NAME);
    const panel = await new TriggerEditorPage(page).test();
    expect(await panel.getByTestId('test-item').count()).toBeGreaterThanOrEqual(10);
    for (const summary of await panel.locator('summary').all()) await summary.click();
    await page.waitForTimeout(500);
    expect(await poke('.test-results')).toBeGreaterThan(vectors.length);
    await assertNoLiveMarkup();
  });

  it('ran nothing and reached nothing but its own server', async () => {
    await session.page.waitForTimeout(500);
    // Figures for the report; the assertions are the zeros below. The CSP reports (script-src-attr,
    // blocked) are Chromium checking inline handlers inside the inert document DOMParser builds for
    // DOMPurify; a bare DOMParser.parseFromString of the same payloads under this CSP gives the same
    // reports. They are counted, not failed: nothing ran, which the binding proves.
    console.info(`XSS: ${vectors.length} vectors, ${executions.length} executions, ${dialogs.length} dialogs, ${trap.requests.length} trap requests, ${session.foreignRequests.length} foreign requests, ${cspViolations.length} CSP reports`);
    if (cspViolations.length > 0) console.info(cspViolations.join("\n"));
    expect(executions).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(trap.requests.map((r) => r.url)).toEqual([]);
    expect(session.foreignRequests).toEqual([]);
  });
});
