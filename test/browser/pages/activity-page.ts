import type { Locator, Page } from 'playwright-core';

export class ActivityPage {
  constructor(readonly page: Page) {}

  rows(): Locator {
    return this.page.getByTestId('activity-row');
  }

  scroller(): Locator {
    return this.page.getByTestId('activity-scroller');
  }

  async filterOutcome(label: string): Promise<void> {
    await this.page.getByLabel('Outcome').selectOption({ label });
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search activity' }).fill(text);
  }
}
