import { expect, Locator, Page } from '@playwright/test';

/** The home page's "How is it going?" card: the pulse survey and pending ratings. */
export class FeedbackCard {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto('/');
    await expect(this.card()).toBeVisible();
  }

  card(): Locator {
    return this.page.getByRole('region', { name: 'Your feedback' });
  }

  pulseSurvey(): Locator {
    return this.card().getByRole('form', { name: 'Pulse survey' });
  }

  async answerPulse(score: number, comment: string) {
    const survey = this.pulseSurvey();
    await survey.getByRole('radiogroup', { name: 'Your score' }).getByRole('radio', { name: new RegExp(`^${score} –`) }).click();
    await survey.getByLabel('Anything to add? (optional)').fill(comment);
    await survey.getByRole('button', { name: 'Send' }).click();
  }
}
