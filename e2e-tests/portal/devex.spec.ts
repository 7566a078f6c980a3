import { expect, test } from '@playwright/test';
import { DevexDashboardPage } from '../pages/DevexDashboardPage';
import { FeedbackCard } from '../pages/FeedbackCard';
import { SignInPage } from '../pages/SignInPage';

// DevEx metrics on a new portal with the demo data the local config seeds: the
// organization dashboard, a team's, a deployment sent the way the README shows, and
// the pulse survey of the signed-in guest.

const DEMO_CI_TOKEN = 'devex-demo-ci-token';

test.beforeEach(async ({ page }) => {
  await new SignInPage(page).signInAsGuest();
});

test('the organization dashboard shows DORA tiers from the demo data, and the window can be switched', async ({
  page,
}) => {
  const dashboard = new DevexDashboardPage(page);
  await dashboard.openFromNavigation();
  await dashboard.waitForNumbers();
  for (const metric of ['Deployment frequency', 'Lead time for changes', 'Change failure rate', 'Time to restore service']) {
    await expect(dashboard.tierOf(metric)).toBeVisible();
  }
  await expect(dashboard.windowControl().getByRole('button', { name: 'Last 30 days' })).toHaveAttribute('aria-pressed', 'true');
  const monthPeriod = await dashboard.period().innerText();

  await dashboard.chooseWindow(7);
  await expect(dashboard.windowControl().getByRole('button', { name: 'Last 7 days' })).toHaveAttribute('aria-pressed', 'true');
  await expect(dashboard.period()).not.toHaveText(monthPeriod);
  await expect(dashboard.period()).toContainText('compared with the 7 days before');

  const download = await dashboard.exportCsv();
  expect(download.suggestedFilename()).toMatch(/^devex-organization-7d-\d{4}-\d{2}-\d{2}\.csv$/);
});

test('a team on the organization dashboard opens its own dashboard with its components', async ({ page }) => {
  const dashboard = new DevexDashboardPage(page);
  await dashboard.openFromNavigation();
  await dashboard.waitForNumbers();
  await dashboard.breakdown('Teams').getByRole('link', { name: 'Checkout', exact: true }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/group\/team-checkout\/devex$/);
  await expect(dashboard.breakdown('Components').getByRole('link', { name: 'Checkout Service' })).toBeVisible();
  await expect(dashboard.tierOf('Lead time for changes')).toBeVisible();
});

test('a deployment sent with the demo token shows up on the component', async ({ page, request }) => {
  const refused = await request.post('/api/devex/events/deployments', {
    headers: { Authorization: 'Bearer not-the-token' },
    data: {},
  });
  expect(refused.status()).toBe(401);

  const version = `e2e-${Date.now()}`;
  const finishedAt = new Date(Date.now() - 60_000).toISOString();
  const sent = await request.post('/api/devex/events/deployments', {
    headers: { Authorization: `Bearer ${DEMO_CI_TOKEN}` },
    data: {
      eventId: version,
      entityRef: 'component:default/wayfarer-ui-kit',
      environment: 'production',
      version,
      outcome: 'success',
      finishedAt,
      commits: [{ sha: 'a1b2c3d4e5f6a7b8', committedAt: new Date(Date.now() - 3 * 3_600_000).toISOString() }],
    },
  });
  expect(sent.status()).toBe(201);

  const dashboard = new DevexDashboardPage(page);
  await dashboard.openEntity('component', 'wayfarer-ui-kit');
  await expect(dashboard.recentDeployments().getByRole('row').filter({ hasText: version })).toBeVisible();
  await expect(dashboard.doraCard('Deployment frequency')).toContainText('1 deployment by 1 service');
  await expect(dashboard.doraCard('Lead time for changes')).toContainText('median of 1 commit');
});

test('the pulse survey is answered once and not asked again', async ({ page }) => {
  const feedback = new FeedbackCard(page);
  await feedback.open();
  await expect(feedback.pulseSurvey()).toBeVisible();
  await feedback.answerPulse(4, 'Templates saved me a day this week.');
  await expect(feedback.card()).toContainText(/Thanks — your answer for \w+ \d{4} is recorded\./);

  await page.reload();
  await expect(feedback.card()).toContainText("You have answered this period's pulse survey");
  await expect(feedback.pulseSurvey()).toHaveCount(0);
});
