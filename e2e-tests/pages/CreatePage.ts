import { expect, Locator, Page } from '@playwright/test';

/** "Create": the golden-path templates, their form, and a run's progress page. */
export class CreatePage {
  constructor(private readonly page: Page) {}

  async open() {
    // A fresh portal lists the templates once the catalog has read them, as a user
    // would find by coming back a moment later.
    await expect(async () => {
      await this.page.goto('/create');
      await expect(
        this.page.getByRole('heading', { name: 'TypeScript HTTP service' }),
      ).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 240_000 });
  }

  async chooseTemplate(title: string) {
    // The nearest card around the template's title holds its Choose button.
    const card = this.page
      .getByRole('heading', { name: title, exact: true })
      .locator('xpath=ancestor::*[contains(@class, "MuiCard-root")][1]');
    await card.getByRole('button', { name: 'Choose' }).click();
    await expect(this.nameField()).toBeVisible();
  }

  nameField(): Locator {
    return this.page.getByRole('textbox', { name: 'Name' });
  }

  /** What the form says under the name while the user types. */
  nameHelp(): Locator {
    return this.page.locator('#root_name-helper-text');
  }

  async fillName(name: string) {
    await this.nameField().fill(name);
  }

  async fillDescription(text: string) {
    await this.page.getByRole('textbox', { name: 'Description' }).fill(text);
  }

  owner(): Locator {
    return this.page.locator('#root_owner');
  }

  async next() {
    await this.page.getByRole('button', { name: 'Next' }).click();
  }

  async review() {
    await this.page.getByRole('button', { name: 'Review' }).click();
  }

  async create() {
    await this.page.getByRole('button', { name: 'Create' }).click();
    await expect(this.page).toHaveURL(/\/create\/tasks\/[0-9a-f-]+/);
  }

  /** What the form lists at its top when it will not move on. */
  formErrors(): Locator {
    return this.page.getByRole('listitem');
  }

  /** A step of the run, as the progress page lists it. */
  step(name: string): Locator {
    return this.page.getByRole('button', { name: new RegExp(name) }).first();
  }

  /** A spinner beside a step that is still running. */
  runningSteps(): Locator {
    return this.page.getByTestId('step-label').getByRole('progressbar');
  }

  /** The run's log, shown below its steps. */
  logLine(text: string): Locator {
    return this.page.getByText(text);
  }

  /** A link the finished run offers, like "Open in the catalog". */
  outputLink(title: string): Locator {
    return this.page.getByRole('link', { name: title, exact: true });
  }
}
