import { expect, Locator, Page } from '@playwright/test';

/** A catalog entity's page: header, tabs and the overview cards. */
export class EntityPage {
  constructor(private readonly page: Page) {}

  async open(kind: string, name: string) {
    await this.page.goto(`/catalog/default/${kind}/${name}`);
    await expect(this.title()).toBeVisible();
  }

  title(): Locator {
    return this.page
      .getByRole('main')
      .getByRole('heading', { level: 2 })
      .first();
  }

  /** A value of the header's definition list (Owner, System, Lifecycle). */
  headerValue(term: string): Locator {
    return this.page
      .getByRole('main')
      .getByRole('term')
      .filter({ hasText: term })
      .locator('xpath=following-sibling::*[1]');
  }

  card(title: string): Locator {
    return this.page
      .getByRole('main')
      .locator('article, .MuiCard-root, [class*="InfoCard"]')
      .filter({ has: this.page.getByRole('heading', { name: title }) })
      .first();
  }

  async openTab(name: string) {
    await this.page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name, exact: true })
      .click();
  }

  /** Tabs can be grouped under a menu, like an API's "Documentation > Definition". */
  async openGroupedTab(group: string, name: string) {
    await this.page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('button', { name: group, exact: true })
      .click();
    await this.page
      .getByRole('menu', { name: group })
      .getByRole('menuitemradio', { name, exact: true })
      .click();
  }
}
