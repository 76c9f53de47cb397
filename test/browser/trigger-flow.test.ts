import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { numberedItems } from '../support/rss-fixture';
import type { LoopbackServer } from '../support/loopback-server';
import { ActivityPage } from './pages/activity-page';
import { AppShell } from './pages/app-shell';
import { ItemsPage } from './pages/items-page';
import { OpmlDialog } from './pages/opml-dialog';
import { TriggerEditorPage } from './pages/trigger-editor-page';
import { TriggersPage } from './pages/triggers-page';
import { openSession, screenshotOnFailure, type BrowserSession } from './support/browser-session';
import { launchChromium } from './support/chromium';
import { invokeOverServe } from './support/serve-api';
import { startFeedServer, startWebhookReceiver, type FeedServer } from './support/loopback-services';
import { startServeProcess, type ServeProcess } from './support/serve-process';

// The everyday path through the window, against the real engine behind `trigger-happy serve`:
// create a feed → webhook trigger, run it, see the runs and the items, edit it, disable it, import
// OPML. Along the way, the webhook's signing secret must never come back to the page.

const SECRET = `whsec_${Buffer.from('browser-test-signing-secret-0123456789').toString('base64')}`;
const SECRET_BASE64 = SECRET.slice('whsec_'.length);

/** Everything the engine pushes over /api/events during the test, read with the bearer token. */
function recordEvents(serve: ServeProcess): { text(): string; stop(): void } {
  let text = '';
  const url = new URL('/api/events', serve.origin);
  const req = request(url, { headers: { authorization: `Bearer ${serve.token}` } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
  });
  req.on('error', () => undefined);
  req.end();
  return { text: () => text, stop: () => req.destroy() };
}

describe('the window against serve', () => {
  let browser: Browser;
  let serve: ServeProcess;
  let session: BrowserSession;
  let feed: FeedServer;
  let webhook: LoopbackServer;
  let notesDir: string;
  let events: ReturnType<typeof recordEvents>;

  beforeAll(async () => {
    feed = await startFeedServer('Loopback blog', numberedItems('loop', 3, 3));
    webhook = await startWebhookReceiver();
    notesDir = await mkdtemp(join(tmpdir(), 'th-notes-'));
    serve = await startServeProcess();
    events = recordEvents(serve);
    browser = await launchChromium();
    session = await openSession(browser, serve);
  });

  afterEach((context) => screenshotOnFailure(session, context));

  afterAll(async () => {
    events?.stop();
    await session?.close();
    await browser?.close();
    await serve?.stop();
    await feed?.close();
    await webhook?.close();
    if (notesDir) await rm(notesDir, { recursive: true, force: true });
  });

  it('starts empty, with a way to add a trigger or import OPML', async () => {
    const triggers = new TriggersPage(session.page);
    await triggers.emptyState().waitFor();
    expect(await triggers.emptyState().getByRole('button', { name: 'Add a trigger' }).isVisible()).toBe(true);
    expect(await triggers.emptyState().getByRole('button', { name: 'Import OPML' }).isVisible()).toBe(true);
  });

  it('creates a feed → webhook trigger through the forms drawn from the schemas', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Add a trigger' }).click();
    const editor = new TriggerEditorPage(page);
    await editor.setName('Loopback blog');
    await editor.provider().getByLabel('URL', { exact: true }).fill(feed.url);
    await editor.chooseConsumer('Webhook');
    await editor.consumer().getByLabel('URL', { exact: true }).fill(webhook.url);
    await editor.consumer().getByLabel('Secret', { exact: true }).fill(SECRET);
    await editor.publishLatest(3);
    // The live preview is made by the engine from the feed's latest item.
    await editor.preview().getByText('loop post 3').first().waitFor();
    await editor.save();
    await new AppShell(page).waitForToast('Created “Loopback blog”');
    await new TriggersPage(page).row('Loopback blog').waitFor();
  });

  it('shows validation messages from the contract next to the fields', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'New trigger' }).click();
    const editor = new TriggerEditorPage(page);
    await editor.setName('Broken');
    await editor.provider().getByLabel('URL', { exact: true }).fill('ftp://example.invalid/feed');
    await editor.chooseConsumer('Webhook');
    await editor.consumer().getByLabel('URL', { exact: true }).fill(webhook.url);
    await editor.save();
    await page.getByText('Please check the highlighted fields').waitFor();
    const url = editor.provider().getByLabel('URL', { exact: true });
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    await editor.provider().getByText('Must be an http:// or https:// URL').waitFor();
    await page.getByRole('link', { name: 'Cancel' }).click();
  });

  it('runs it now: the webhook receives the items, Activity and Items show them', async () => {
    const { page } = session;
    const triggers = new TriggersPage(page);
    await triggers.runNow('Loopback blog');
    // The scheduler may have run the new trigger before the click did; either way, three deliveries.
    await new AppShell(page).waitForToast(/^Loopback blog: \d+ new, \d+ published/);
    await expect.poll(() => webhook.requests.length, { timeout: 15_000 }).toBe(3);
    expect(webhook.requests.every((r) => typeof r.headers['webhook-signature'] === 'string')).toBe(true);
    await triggers.row('Loopback blog').getByText('3 published').waitFor();

    await new AppShell(page).open('Activity');
    const activity = new ActivityPage(page);
    await activity.rows().filter({ hasText: 'Loopback blog' }).filter({ hasText: '3 new' }).first().waitFor();
    await activity.rows().filter({ hasText: 'Loopback blog' }).filter({ hasText: '3 published' }).first().waitFor();

    await new AppShell(page).open('Items');
    const items = new ItemsPage(page);
    await items.showState('Sent');
    await items.rows().filter({ hasText: 'loop post 1' }).waitFor();
    expect(await items.rows().count()).toBe(3);
  });

  it('shows new runs live in Activity as the engine adds them', async () => {
    const { page } = session;
    const activity = new ActivityPage(page);
    await new AppShell(page).open('Activity');
    const before = await activity.rows().count();
    // Started outside the page: the row must arrive through the event stream.
    await invokeOverServe(serve, 'triggers.run', { id: 1 });
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="activity-row"]').length > count, before);
  });

  it('edits it, keeping the saved secret when the box is left empty', async () => {
    const { page } = session;
    await new AppShell(page).open('Triggers');
    const triggers = new TriggersPage(page);
    await triggers.edit('Loopback blog');
    const editor = new TriggerEditorPage(page);
    const secret = editor.consumer().getByLabel('Secret', { exact: true });
    expect(await secret.inputValue()).toBe('');
    expect(await secret.getAttribute('placeholder')).toMatch(/Saved/);
    await editor.setName('Loopback blog, edited');
    await page.getByLabel('Template').fill('New: {{title}} {{url}}');
    await editor.save();
    await new AppShell(page).waitForToast('Saved “Loopback blog, edited”');
    await triggers.row('Loopback blog, edited').waitFor();

    feed.items = [...numberedItems('loop', 4, 1), ...feed.items];
    await triggers.runNow('Loopback blog, edited');
    await new AppShell(page).waitForToast(/1 new, 1 published/);
    const last = webhook.requests.at(-1);
    expect(last?.body).toContain('New: loop post 4');
    // Still signed: the engine kept the secret the page never saw.
    expect(last?.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('disables it, and the switch stays off after a reload', async () => {
    const { page } = session;
    const triggers = new TriggersPage(page);
    const toggle = triggers.enabledSwitch('Loopback blog, edited');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    await page.waitForFunction(() => document.querySelector('[role="switch"]')?.getAttribute('aria-checked') === 'false');
    await page.reload();
    await triggers.row('Loopback blog, edited').waitFor();
    expect(await triggers.enabledSwitch('Loopback blog, edited').getAttribute('aria-checked')).toBe('false');
    await triggers.runNow('Loopback blog, edited');
    await new AppShell(page).waitForToast(/is disabled/);
  });

  it('imports an OPML file through the dialog', async () => {
    const { page } = session;
    const opml = `<?xml version="1.0"?>
<opml version="2.0"><head><title>Subscriptions</title></head><body>
  <outline text="Tech"><outline type="rss" text="Alpha feed" xmlUrl="http://127.0.0.1:9/alpha.xml"/>
  <outline type="rss" text="Beta feed" xmlUrl="http://127.0.0.1:9/beta.xml"/></outline>
</body></opml>`;
    await new TriggersPage(page).openOpmlImport();
    const dialog = new OpmlDialog(page);
    await dialog.importFile('subscriptions.opml', opml, { service: 'Markdown folder', fields: { Folder: notesDir } });
    await dialog.dialog().getByText('triggers created').waitFor();
    expect(await dialog.dialog().getByRole('status').textContent()).toContain('2');
    await dialog.dialog().getByRole('button', { name: 'Done' }).click();
    const triggers = new TriggersPage(page);
    await triggers.row('Alpha feed').waitFor();
    await triggers.row('Beta feed').waitFor();
    await triggers.search('beta');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="trigger-row"]').length === 1);
    expect(await readdir(notesDir)).toEqual([]);
  });

  it('never sent the webhook secret back to the page', async () => {
    // Let late response bodies finish reading.
    await session.page.waitForTimeout(300);
    expect(session.responseBodies.length).toBeGreaterThan(20);
    const leaks = session.responseBodies.filter((body) => body.includes(SECRET_BASE64));
    expect(leaks).toEqual([]);
    expect(events.text()).toContain('event: run:added');
    expect(events.text()).not.toContain(SECRET_BASE64);
    expect(await session.page.content()).not.toContain(SECRET_BASE64);
    expect(session.foreignRequests).toEqual([]);
  });
});
