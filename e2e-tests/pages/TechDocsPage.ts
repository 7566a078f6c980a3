import { expect, Locator, Page } from '@playwright/test';

/** The TechDocs reader: site navigation, table of contents and the page itself. */
export class TechDocsPage {
  constructor(private readonly page: Page) {}

  async open(entityPath: string, docPath = '') {
    await this.page.goto(`/docs/default/${entityPath}/${docPath}`);
    await expect(this.content()).toBeVisible();
  }

  content(): Locator {
    return this.page
      .locator('article.md-content__inner, .md-content article')
      .first();
  }

  pageTitle(): Locator {
    return this.content().locator('h1').first();
  }

  siteNavigation(): Locator {
    return this.page.locator('.md-sidebar--primary .md-nav').first();
  }

  tableOfContents(): Locator {
    return this.page.locator('.md-sidebar--secondary .md-nav').first();
  }

  async followSiteLink(title: string) {
    await this.siteNavigation()
      .getByRole('link', { name: title, exact: true })
      .click();
  }

  async followTocLink(title: string) {
    await this.tableOfContents()
      .getByRole('link', { name: title, exact: true })
      .click();
  }
}
