import type { Page } from 'playwright-core';

// The sidebar: the same five sections in every view.
export type Section = 'Triggers' | 'Activity' | 'Items' | 'Accounts' | 'Settings';

export class AppShell {
  constructor(readonly page: Page) {}

  async open(section: Section): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section }).click();
    await this.page.getByRole('heading', { level: 1, name: section }).waitFor();
  }

  toasts() {
    return this.page.getByRole('status').filter({ has: this.page.locator('.toast') });
  }

  async waitForToast(text: string | RegExp): Promise<void> {
    await this.page.locator('.toast').filter({ hasText: text }).first().waitFor();
  }
}
