import { expect, test } from '@playwright/test';
import { DevexDashboardPage } from '../pages/DevexDashboardPage';
import { FeedbackCard } from '../pages/FeedbackCard';
import { SignInPage } from '../pages/SignInPage';

// The DevEx screenshots of the README (docs/screenshots/devex-*.png):
// PORTAL_SCREENSHOTS=1 yarn playwright test e2e-tests/screenshots/devex.spec.ts --project screenshots

test.use({ viewport: { width: 1680, height: 1000 } });

const shot = (name: string) => ({ path: `docs/screenshots/${name}.png` });

test.beforeEach(async ({ page }) => {
  await new SignInPage(page).signInAsGuest();
});

test('devex organization dashboard', async ({ page }) => {
  const dashboard = new DevexDashboardPage(page);
  await dashboard.openFromNavigation();
  await dashboard.waitForNumbers();
  await expect(page.getByText('Lead time distribution')).toBeVisible();
  // The portal scrolls inside its layout, so a tall window shows the whole dashboard.
  await page.setViewportSize({ width: 1680, height: 4300 });
  // Let the charts finish their entry animation.
  await page.waitForTimeout(1500);
  await page.screenshot(shot('devex-organization'));
});

test('devex team dashboard', async ({ page }) => {
  const dashboard = new DevexDashboardPage(page);
  await dashboard.openEntity('group', 'team-flights');
  await dashboard.waitForNumbers();
  await page.waitForTimeout(1500);
  await page.screenshot(shot('devex-team'));
});

test('devex component tab', async ({ page }) => {
  const dashboard = new DevexDashboardPage(page);
  await dashboard.openEntity('component', 'checkout-service');
  await dashboard.waitForNumbers();
  await expect(dashboard.recentDeployments()).toBeVisible();
  await page.waitForTimeout(1500);
  await page.screenshot(shot('devex-component'));
});

test('devex pulse survey', async ({ page }) => {
  const feedback = new FeedbackCard(page);
  await feedback.open();
  await expect(feedback.pulseSurvey()).toBeVisible();
  // The whole home-page card, title included.
  const card = page.locator('div').filter({ hasText: /^How is it going\?/ }).filter({ has: feedback.card() }).last();
  await card.scrollIntoViewIfNeeded();
  await card.screenshot(shot('devex-survey'));
});
