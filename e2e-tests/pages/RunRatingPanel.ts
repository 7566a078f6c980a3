import { Locator, Page, Response } from '@playwright/test';

/**
 * The one-question rating a finished template run's page offers its starter, in a
 * small panel at the bottom left.
 */
export class RunRatingPanel {
  constructor(private readonly page: Page) {}

  /** The rating of a run of the template with this title. */
  panel(templateTitle: string): Locator {
    return this.page.getByRole('group', {
      name: `Rate: Your run of ${templateTitle}`,
    });
  }

  async rate(templateTitle: string, score: number) {
    await this.panel(templateTitle)
      .getByRole('radiogroup', { name: `Rate Your run of ${templateTitle}` })
      .getByRole('radio', { name: new RegExp(`^${score} –`) })
      .click();
  }

  /**
   * The page asks the backend whether this run is there to rate when it opens and
   * every few seconds until it is; resolves with the next such answer.
   */
  nextCheck(taskId: string): Promise<Response> {
    return this.page.waitForResponse(
      r =>
        r.url().includes('/api/devex/surveys/pending') &&
        r.url().includes(`templateRun=${encodeURIComponent(taskId)}`),
      { timeout: 30_000 },
    );
  }
}
