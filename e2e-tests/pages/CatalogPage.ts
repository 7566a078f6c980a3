import { expect, Locator, Page } from '@playwright/test';

/** The software catalog: its filters on the left and the entity table. */
export class CatalogPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto('/catalog');
    await expect(this.table()).toBeVisible();
  }

  /** Widens the list from what the user owns to the whole company. */
  async showAll() {
    await this.page.getByRole('menuitem', { name: /^All \d+/ }).click();
  }

  async filterByKind(kind: string) {
    await this.page
      .getByText('Kind', { exact: true })
      .locator('..')
      .getByRole('button')
      .click();
    await this.page.getByRole('option', { name: kind, exact: true }).click();
  }

  async filterByOwner(owner: string) {
    await this.pickFromAutocomplete('Owner', owner);
  }

  async filterByLifecycle(lifecycle: string) {
    await this.pickFromAutocomplete('Lifecycle', lifecycle);
  }

  table(): Locator {
    // The entity table renders a second, layout-only table inside the first.
    return this.page.getByRole('table').first();
  }

  /** The visible rows of the table, without the header. */
  rows(): Locator {
    return this.table().getByRole('rowgroup').nth(1).getByRole('row');
  }

  heading(): Locator {
    return this.page.getByRole('heading', { level: 5 });
  }

  async openEntity(title: string) {
    await this.table().getByRole('link', { name: title, exact: true }).click();
  }

  private async pickFromAutocomplete(label: string, value: string) {
    await this.page.getByRole('textbox', { name: label }).click();
    await this.page.getByRole('option', { name: value }).click();
    // The option list stays open for further picks; close it like a user would.
    await this.page.keyboard.press('Escape');
  }
}
