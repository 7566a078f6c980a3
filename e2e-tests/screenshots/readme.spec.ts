import { expect, test } from '@playwright/test';
import { SignInPage } from '../pages/SignInPage';
import { TechDocsPage } from '../pages/TechDocsPage';
import { SearchPage } from '../pages/SearchPage';

// Refreshes the README's screenshots (docs/screenshots): PORTAL_SCREENSHOTS=1 yarn
// playwright test --project screenshots. Not part of ./portal test.

test.use({ viewport: { width: 1680, height: 1000 } });

const shot = (name: string) => ({ path: `docs/screenshots/${name}.png` });

test.beforeEach(async ({ page }) => {
  await new SignInPage(page).signInAsGuest();
});

test('home', async ({ page }) => {
  await expect(page.getByText('What do you want to do?')).toBeVisible();
  await page.screenshot(shot('home'));
});

test('catalog', async ({ page }) => {
  await page.goto('/catalog');
  await page.getByRole('menuitem', { name: /^All \d+/ }).click();
  await expect(
    page.getByRole('link', { name: 'Fare Calculator' }),
  ).toBeVisible();
  await page.screenshot(shot('catalog'));
});

test('entity', async ({ page }) => {
  await page.goto('/catalog/default/component/checkout-service');
  await expect(page.getByRole('heading', { name: 'Relations' })).toBeVisible();
  await page.screenshot({ ...shot('entity'), fullPage: true });
});

test('techdocs', async ({ page }) => {
  const docs = new TechDocsPage(page);
  await docs.open('component/checkout-service', 'architecture/');
  await expect(docs.content().locator('svg').first()).toBeVisible();
  await page.screenshot(shot('techdocs'));
});

test('search', async ({ page }) => {
  const search = new SearchPage(page);
  await expect(async () => {
    await search.searchFor('Zephyrine');
    await expect(search.results().first()).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000 });
  await page.screenshot(shot('search'));
});

test('api', async ({ page }) => {
  await page.goto('/catalog/default/api/checkout-api/definition');
  await expect(page.getByText('/v1/checkouts').first()).toBeVisible();
  await page.screenshot(shot('api'));
});
