import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestContext } from 'vitest';
import type { ServeProcess } from './serve-process';

// One signed-in page on `serve`, in light or dark, 1100×720 unless told otherwise. Records every
// response body the page received (to prove secrets never come back) and every request that went
// anywhere but the serve origin (to prove the page talks to nothing else; such requests are
// aborted, so a leak cannot reach the network even when a test fails).

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Bodies of the page's responses from the serve origin (API answers and assets). */
  responseBodies: string[];
  /** URLs the page tried to reach outside the serve origin. */
  foreignRequests: string[];
  close(): Promise<void>;
}

export async function openSession(
  browser: Browser,
  serve: ServeProcess,
  options: {
    colorScheme?: 'light' | 'dark';
    viewport?: { width: number; height: number };
    /** Bindings and init scripts that must exist before the first page loads. */
    beforeOpen?: (context: BrowserContext) => Promise<void>;
  } = {},
): Promise<BrowserSession> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1100, height: 720 },
    serviceWorkers: 'block',
  });
  await options.beforeOpen?.(context);
  const foreignRequests: string[] = [];
  const responseBodies: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(`${serve.origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) await route.continue();
    else {
      foreignRequests.push(url);
      await route.abort('blockedbyclient');
    }
  });
  const page = await context.newPage();
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (type.includes('event-stream')) return;
    response
      .text()
      .then((text) => responseBodies.push(text))
      .catch(() => undefined);
  });
  await page.goto(serve.url);
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  return { context, page, responseBodies, foreignRequests, close: () => context.close() };
}

export const RESULTS_DIR = resolve(import.meta.dirname, '../../../test-results');

/** After a failed test, what the page looked like (test-results/failures/<test>.png). */
export async function screenshotOnFailure(session: BrowserSession | undefined, context: TestContext): Promise<void> {
  if (!session || context.task.result?.state !== 'fail') return;
  const dir = join(RESULTS_DIR, 'failures');
  await mkdir(dir, { recursive: true });
  const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
  await session.page.screenshot({ path: join(dir, `${name}.png`) }).catch(() => undefined);
}
