import { expect, test } from '@playwright/test';
import {
  DatabaseRequestDetailsPage,
  DatabaseRequestPage,
} from '../pages/DatabaseRequestPage';
import { SignInPage } from '../pages/SignInPage';
import {
  dropE2eDatabases,
  ensureE2eProvisioningRole,
} from '../support/databaseTarget';

// Refreshes docs/screenshots/database-*.png for the README:
// PORTAL_SCREENSHOTS=1 yarn playwright test e2e-tests/screenshots/databases.spec.ts --project screenshots

test.use({ viewport: { width: 1680, height: 1000 } });
test.setTimeout(360_000);

const shot = (name: string) => ({ path: `docs/screenshots/${name}.png` });
// A readable name for the picture; leftovers of an earlier run are dropped first.
const prefix = 'loyalty_';
let requestUrl = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await ensureE2eProvisioningRole();
  await dropE2eDatabases(prefix);
});

test.afterAll(async () => {
  await dropE2eDatabases(prefix);
});

test('databases: the form with its live verdict', async ({ page }) => {
  await new SignInPage(page).signInAsGuest();
  const form = new DatabaseRequestPage(page);
  await form.open();
  await form.chooseComponent('Checkout Service');
  await form.fillName(`${prefix}orders`);
  await form.chooseEnvironment('production');
  await form.chooseSize('Large');
  await form.fillJustification(
    'Order history for the loyalty programme launch.',
  );
  await expect(form.verdict()).toContainText('Needs approval');
  await page.screenshot(shot('database-request'));
  await form.submit();
  requestUrl = page.url();
});

test('databases: a platform-team member approves', async ({ page }) => {
  expect(requestUrl).not.toBe('');
  await new SignInPage(page).signInAsDemoUser('Kwame Asante');
  await page.goto(requestUrl);
  const request = new DatabaseRequestDetailsPage(page);
  await expect(request.status()).toContainText('Waiting for approval');
  await page
    .getByLabel('Comment')
    .fill('Reviewed the capacity plan; approved.');
  await expect(page.getByRole('button', { name: 'Approve' })).toBeEnabled();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(500); // let the field's label finish its animation
  await page.screenshot(shot('database-approval'));
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(request.status()).toContainText('Ready');
});

test('databases: the provisioned database in the catalog', async ({ page }) => {
  expect(requestUrl).not.toBe('');
  await new SignInPage(page).signInAsGuest();
  await page.goto(requestUrl);
  const request = new DatabaseRequestDetailsPage(page);
  await expect(request.status()).toContainText('Ready');
  await request.openDatabase();
  // The catalog processes the new Resource within moments of provisioning.
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByRole('button', { name: 'Reveal credentials' }),
    ).toBeVisible({ timeout: 15_000 });
  }).toPass({ timeout: 120_000 });
  await page.screenshot(shot('database-tab'));
});
