import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium through playwright-core (no downloaded browser). The flags keep it from
// talking to anything on its own, so "no outbound requests" measures the page, not the browser.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
}
