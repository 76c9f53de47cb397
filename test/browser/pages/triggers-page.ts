import type { Locator, Page } from 'playwright-core';

export class TriggersPage {
  constructor(readonly page: Page) {}

  list(): Locator {
    return this.page.getByRole('list', { name: 'Triggers' });
  }

  row(name: string): Locator {
    return this.page.getByTestId('trigger-row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  emptyState(): Locator {
    return this.page.getByRole('region', { name: 'No triggers yet' });
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search triggers' }).fill(text);
  }

  async runNow(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Run ${name} now` }).click();
  }

  enabledSwitch(name: string): Locator {
    return this.page.getByRole('switch', { name: `Enabled: ${name}` });
  }

  async openOpmlImport(): Promise<void> {
    // The header's button (the empty state offers the same action).
    await this.page.getByRole('button', { name: 'Import OPML' }).first().click();
  }

  async edit(name: string): Promise<void> {
    await this.row(name).getByRole('link', { name, exact: true }).click();
  }
}
