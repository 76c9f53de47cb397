import type { Locator, Page } from 'playwright-core';

export class OpmlDialog {
  constructor(readonly page: Page) {}

  dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Import OPML' });
  }

  async importFile(name: string, text: string, consumer: { service: string; fields: Record<string, string> }): Promise<void> {
    const dialog = this.dialog();
    await dialog.getByLabel('OPML file').setInputFiles({ name, mimeType: 'text/x-opml', buffer: Buffer.from(text) });
    await dialog.getByRole('radio', { name: new RegExp(`^${consumer.service}`) }).check();
    for (const [label, value] of Object.entries(consumer.fields)) await dialog.getByLabel(label, { exact: true }).fill(value);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  }
}
