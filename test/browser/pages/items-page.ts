import type { Locator, Page } from 'playwright-core';

export class ItemsPage {
  constructor(readonly page: Page) {}

  rows(): Locator {
    return this.page.getByTestId('item-row');
  }

  async showState(label: 'All' | 'Waiting' | 'Retrying' | 'Failed' | 'Sent' | 'Skipped' | 'Filtered'): Promise<void> {
    await this.page.getByRole('group', { name: 'Show items' }).getByRole('button', { name: label, exact: true }).click();
  }
}
