import { expect, Locator, Page } from '@playwright/test';

/** A DevEx dashboard: the organization page, or a group's or component's DevEx tab. */
export class DevexDashboardPage {
  constructor(private readonly page: Page) {}

  /** Opens the organization dashboard from the sidebar, as a person would. */
  async openFromNavigation() {
    await this.page.goto('/');
    const link = this.page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: 'DevEx metrics' });
    // On a portal that just started, the home page may still be settling after sign-in
    // and swallow the first click; like a person, click again if nothing opened.
    await expect(async () => {
      await link.click();
      await expect(this.page.getByRole('heading', { name: 'DevEx metrics' })).toBeVisible({ timeout: 15_000 });
    }).toPass({ timeout: 60_000 });
  }

  async openEntity(kind: 'group' | 'component', name: string) {
    await this.page.goto(`/catalog/default/${kind}/${name}/devex`);
    await expect(this.windowControl()).toBeVisible();
  }

  /**
   * The demo data is written shortly after a fresh portal starts; like a person
   * would, reload until the numbers are there.
   */
  async waitForNumbers() {
    await expect(async () => {
      await this.page.reload();
      await expect(this.doraCard('Lead time for changes')).toBeVisible({ timeout: 10_000 });
    }).toPass({ timeout: 180_000 });
  }

  windowControl(): Locator {
    return this.page.getByRole('group', { name: 'Time window' });
  }

  async chooseWindow(days: 7 | 30 | 90) {
    await this.windowControl().getByRole('button', { name: `Last ${days} days` }).click();
  }

  /** The period the numbers cover, e.g. "2026-03-09 to 2026-03-15 (UTC)". */
  period(): Locator {
    return this.page.getByText(/^\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC\)/);
  }

  doraCard(title: string): Locator {
    return this.page.getByRole('group', { name: title, exact: true });
  }

  /** The tier badge (Elite, High, Medium, Low) of a DORA card. */
  tierOf(title: string): Locator {
    return this.doraCard(title).getByText(/^(Elite|High|Medium|Low)$/);
  }

  /** The (i) beside a metric's title that explains how it is computed. */
  definitionButton(title: string): Locator {
    return this.page.getByRole('button', { name: `How ${title.toLowerCase()} is computed` });
  }

  /** The open definition (there is one at a time). */
  definition(): Locator {
    return this.page.getByRole('tooltip');
  }

  breakdown(name: 'Teams' | 'Components'): Locator {
    return this.page.getByRole('table', { name, exact: true });
  }

  recentDeployments(): Locator {
    return this.page.getByRole('table', { name: 'Recent deployments' });
  }

  async exportCsv() {
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: 'Export CSV' }).click();
    return download;
  }
}
