import { expect, Locator, Page } from '@playwright/test';

/** "Request a database": the form and its live policy verdict. */
export class DatabaseRequestPage {
  constructor(private readonly page: Page) {}

  async open() {
    // A fresh portal offers the team's components once the catalog has read the demo
    // organization (and the sign-in has picked up the team), as a user would find by
    // coming back a moment later.
    await expect(async () => {
      await this.page.goto('/databases/request');
      await expect(this.page.locator('#database-component')).toBeVisible({
        timeout: 5_000,
      });
    }).toPass({ timeout: 240_000 });
  }

  async chooseComponent(title: string) {
    await this.page.locator('#database-component').click();
    await this.page.getByRole('option', { name: new RegExp(title) }).click();
  }

  async fillName(name: string) {
    await this.page.getByLabel('Database name').fill(name);
  }

  async chooseEnvironment(environment: string) {
    await this.page
      .getByRole('radio', { name: environment, exact: true })
      .check();
  }

  async chooseSize(title: string) {
    await this.page
      .getByRole('radio', { name: new RegExp(`^${title}:`) })
      .check();
  }

  async fillJustification(text: string) {
    await this.page.getByLabel('Justification').fill(text);
  }

  verdict(): Locator {
    return this.page.getByRole('status', { name: 'Policy verdict' });
  }

  async submit() {
    await this.page
      .getByRole('button', { name: /^(Request database|Submit for approval)$/ })
      .click();
    await expect(this.page).toHaveURL(/\/databases\/requests\/[0-9a-f-]+$/);
  }
}

/** One request's page: status, verdict, and the approver's decision. */
export class DatabaseRequestDetailsPage {
  constructor(private readonly page: Page) {}

  status(): Locator {
    return this.page.getByRole('status', { name: 'Request status' });
  }

  async approve(comment: string) {
    await this.page.getByLabel('Comment').fill(comment);
    await this.page.getByRole('button', { name: 'Approve' }).click();
  }

  async openDatabase() {
    await this.page.getByRole('button', { name: 'Open database' }).click();
    await expect(this.page).toHaveURL(
      /\/catalog\/default\/resource\/.+\/database$/,
    );
  }
}

/** The "Database" tab of a database's Resource page. */
export class DatabaseTab {
  constructor(private readonly page: Page) {}

  async revealCredentials(): Promise<string> {
    await this.page.getByRole('button', { name: 'Reveal credentials' }).click();
    const connection = this.page.getByRole('textbox', {
      name: 'Connection string',
    });
    await expect(connection).toHaveValue(/^postgresql:\/\//);
    return connection.inputValue();
  }
}
