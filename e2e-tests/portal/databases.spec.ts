import { expect, test } from '@playwright/test';
import { Client } from 'pg';
import {
  DatabaseRequestDetailsPage,
  DatabaseRequestPage,
  DatabaseTab,
} from '../pages/DatabaseRequestPage';
import { EntityPage } from '../pages/EntityPage';
import { SignInPage } from '../pages/SignInPage';
import {
  dropE2eDatabases,
  ensureE2eProvisioningRole,
} from '../support/databaseTarget';

// Databases on request, as a developer of the Checkout team (the guest) and a platform-team
// approver meet them: the live verdict, an allowed request, a risky one that waits, the
// approval, the credentials, and the Resource in the catalog and on the component page.
// The portal provisions on the machine's PostgreSQL (e2e-tests/app-config.e2e.yaml).

const prefix = `e2e${Date.now().toString(36)}_`;
const small = `${prefix}carts`;
const large = `${prefix}orders`;
let waitingRequestUrl = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await ensureE2eProvisioningRole();
});

test.afterAll(async () => {
  await dropE2eDatabases(prefix);
});

test('a small development database is allowed and ready in seconds', async ({
  page,
}) => {
  // The suite's first page may meet a portal still reading its catalog; see open().
  test.setTimeout(300_000);
  await new SignInPage(page).signInAsGuest();
  const form = new DatabaseRequestPage(page);
  await form.open();
  await form.chooseComponent('Checkout Service');
  await form.fillName(small);
  await expect(form.verdict()).toContainText('Allowed');
  await expect(form.verdict()).toContainText('$25 a month');
  await form.submit();

  const request = new DatabaseRequestDetailsPage(page);
  // Seconds on an idle machine; the budget covers one retry, in case this first request
  // meets a portal still busy starting up.
  await expect(request.status()).toContainText('Ready', { timeout: 60_000 });
});

test('the verdict asks for an approval for a large production database; it waits', async ({
  page,
}) => {
  await new SignInPage(page).signInAsGuest();
  const form = new DatabaseRequestPage(page);
  await form.open();
  await form.chooseComponent('Checkout Service');
  await form.fillName(large);
  await expect(form.verdict()).toContainText('Allowed');

  await form.chooseEnvironment('production');
  await form.chooseSize('Large');
  await expect(form.verdict()).toContainText('Denied by policy');
  await expect(form.verdict()).toContainText(
    'explain in at least 20 characters',
  );
  await form.fillJustification(
    'Order history for the loyalty programme launch.',
  );
  await expect(form.verdict()).toContainText('Needs approval');
  await expect(form.verdict()).toContainText(
    'A large production database needs the approval of a platform-team member.',
  );
  await form.submit();

  const request = new DatabaseRequestDetailsPage(page);
  await expect(request.status()).toContainText('Waiting for approval');
  // The requester sees no way to approve their own request.
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  waitingRequestUrl = page.url();
});

test('a platform-team member approves it and it is provisioned', async ({
  page,
}) => {
  expect(waitingRequestUrl).not.toBe('');
  await new SignInPage(page).signInAsDemoUser('Kwame Asante');
  await page.goto(waitingRequestUrl);
  const request = new DatabaseRequestDetailsPage(page);
  await expect(request.status()).toContainText('Waiting for approval');
  await request.approve('Reviewed the capacity plan; approved.');
  await expect(request.status()).toContainText('Ready');
  await expect(request.status()).toContainText(
    'Reviewed the capacity plan; approved.',
  );
});

test('the owner reveals working credentials; the Resource is in the catalog and on the component', async ({
  page,
}) => {
  // Four page loads and a catalog round trip; on a busy two-core machine that takes a while.
  test.setTimeout(180_000);
  await new SignInPage(page).signInAsGuest();
  await page.goto(waitingRequestUrl);
  const request = new DatabaseRequestDetailsPage(page);
  await expect(request.status()).toContainText('Ready');
  await request.openDatabase();

  // The catalog processes the new Resource within moments of provisioning.
  const entity = new EntityPage(page);
  await expect(async () => {
    await page.reload();
    await expect(entity.title()).toHaveText(`${large} (production)`, {
      timeout: 15_000,
    });
  }).toPass({ timeout: 120_000 });

  const connectionString = await new DatabaseTab(page).revealCredentials();
  const client = new Client({ connectionString });
  await client.connect();
  const { rows } = await client.query(
    'SELECT current_user AS who, current_database() AS db',
  );
  await client.end();
  expect(rows[0]).toEqual({ who: `${large}_prd_owner`, db: `${large}_prd` });

  await entity.open('component', 'checkout-service');
  const card = entity.card('Databases');
  await expect(card).toContainText(`${small} (development)`);
  await expect(card).toContainText(`${large} (production)`);
});
