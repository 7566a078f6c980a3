import { expect, test } from '@playwright/test';
import { CreatePage } from '../pages/CreatePage';
import { DevexDashboardPage } from '../pages/DevexDashboardPage';
import { RunRatingPanel } from '../pages/RunRatingPanel';
import { SignInPage } from '../pages/SignInPage';

// What a developer meets of the DevEx metrics besides the numbers: the one-question
// rating after their template run, and the definition behind each metric, by mouse
// and by keyboard.

test.beforeEach(async ({ page }) => {
  await new SignInPage(page).signInAsGuest();
});

test('a finished template run asks its starter for one rating, once', async ({
  page,
}) => {
  // A fresh portal reads the templates and builds its docs before a run starts.
  test.setTimeout(360_000);
  const template = 'TypeScript library';
  const create = new CreatePage(page);
  await create.open();
  await create.chooseTemplate(template);
  await create.fillName(`fare-rules-${Date.now().toString(36)}`);
  await create.fillDescription('Fare rules shared by the booking services.');
  // The library asks everything on one page, so Review follows it directly.
  await create.review();
  await create.create();
  const taskId = /\/create\/tasks\/([0-9a-f-]+)/.exec(page.url())![1];

  const rating = new RunRatingPanel(page);
  // Not while it runs: the question comes once the run has finished.
  await expect(create.outputLink('Open in the catalog')).toBeVisible({
    timeout: 180_000,
  });
  await expect(rating.panel(template)).toBeVisible({ timeout: 30_000 });
  await expect(rating.panel(template)).toContainText(
    `How did it go? Your run of ${template} (succeeded`,
  );

  await rating.rate(template, 4);
  await expect(rating.panel(template)).toHaveCount(0);

  // Back on the run's page: the page checks twice and the question stays away.
  const firstCheck = rating.nextCheck(taskId);
  await page.reload();
  await firstCheck;
  await rating.nextCheck(taskId);
  await expect(create.outputLink('Open in the catalog')).toBeVisible();
  await expect(rating.panel(template)).toHaveCount(0);
});

test('a metric shows its definition on hover and to a keyboard user on focus', async ({
  page,
}) => {
  const dashboard = new DevexDashboardPage(page);
  await dashboard.openFromNavigation();
  await dashboard.waitForNumbers();
  const leadTime = 'Lead time for changes';
  const text =
    'Median time from a commit to the successful production deployment that shipped it';

  await dashboard.definitionButton(leadTime).hover();
  await expect(dashboard.definition()).toContainText(text);
  await expect(dashboard.definition()).toContainText(
    'Elite: Less than one day',
  );
  await page.mouse.move(0, 0);
  await expect(dashboard.definition()).toHaveCount(0);

  // From the card's title, Tab reaches the (i) and the definition opens on focus.
  await dashboard
    .doraCard(leadTime)
    .getByText(leadTime, { exact: true })
    .click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Tab');
  await expect(dashboard.definitionButton(leadTime)).toBeFocused();
  await expect(dashboard.definition()).toContainText(text);
  // Moving on closes it.
  await page.keyboard.press('Tab');
  await expect(dashboard.definitionButton(leadTime)).not.toBeFocused();
  await expect(page.getByRole('tooltip').filter({ hasText: text })).toHaveCount(
    0,
  );
});
