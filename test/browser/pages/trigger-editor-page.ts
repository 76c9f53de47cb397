import type { Locator, Page } from 'playwright-core';

// The trigger editor: the provider and consumer forms are drawn from the engine's schemas, so
// fields are found by their labels inside each side's fieldset.
export class TriggerEditorPage {
  constructor(readonly page: Page) {}

  provider(): Locator {
    return this.page.getByRole('group', { name: 'When there is something new in…' });
  }

  consumer(): Locator {
    return this.page.getByRole('group', { name: '…publish it to' });
  }

  async setName(name: string): Promise<void> {
    await this.page.getByLabel('Name', { exact: true }).fill(name);
  }

  async chooseConsumer(label: string): Promise<void> {
    await this.consumer().getByRole('radio', { name: new RegExp(`^${label}`) }).check();
  }

  async publishLatest(count: number): Promise<void> {
    await this.page.getByLabel('Also publish the latest').check();
    await this.page.getByLabel('Number of latest items to publish on the first run').fill(String(count));
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: /^(Create trigger|Save)$/ }).click();
  }

  async test(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Test', exact: true }).click();
    const panel = this.page.getByRole('region', { name: 'Test: what would be published' });
    await panel.getByTestId('test-item').first().or(panel.getByRole('alert')).first().waitFor();
    return panel;
  }

  preview(): Locator {
    return this.page.locator('.template-preview');
  }
}
