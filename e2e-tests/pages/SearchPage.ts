import { Locator, Page } from '@playwright/test';

/** Portal search: one box over the catalog and every team's docs. */
export class SearchPage {
  constructor(private readonly page: Page) {}

  async searchFor(term: string) {
    await this.page.goto('/search');
    const box = this.page.getByRole('textbox', { name: 'Search' });
    await box.fill(term);
    await box.press('Enter');
  }

  results(): Locator {
    return this.page.getByRole('article').getByRole('listitem');
  }

  async reload() {
    await this.page.reload();
  }
}
