import { expect, Page } from '@playwright/test';

/** The sign-in page a new user meets first. */
export class SignInPage {
  constructor(private readonly page: Page) {}

  async signInAsGuest() {
    await this.page.goto('/');
    await this.page.getByRole('button', { name: 'Enter' }).click();
    await expect(
      this.page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link', { name: 'Catalog', exact: true }),
    ).toBeVisible();
  }

  /** Development-only demo users (portal.signIn.demoUsers), e.g. a platform-team approver. */
  async signInAsDemoUser(title: string) {
    await this.page.goto('/');
    await this.page
      .getByRole('listitem')
      .filter({ has: this.page.getByText(title, { exact: true }) })
      .getByRole('button', { name: 'Sign In' })
      .click();
    await expect(
      this.page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link', { name: 'Catalog', exact: true }),
    ).toBeVisible();
  }
}
