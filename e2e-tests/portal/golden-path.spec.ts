import { expect, test } from '@playwright/test';
import { CatalogPage } from '../pages/CatalogPage';
import { CreatePage } from '../pages/CreatePage';
import { EntityPage } from '../pages/EntityPage';
import { SignInPage } from '../pages/SignInPage';
import { TechDocsPage } from '../pages/TechDocsPage';

// A new developer creates a service from the golden path, on the embedded default
// (a local git repository under the portal's data directory), and finds it with its
// docs under their team.

// A fresh portal on a busy machine takes a while to read the demo organization and
// the templates before the first run can start.
test.setTimeout(360_000);

test.beforeEach(async ({ page }) => {
  await new SignInPage(page).signInAsGuest();
});

test('a new user creates a service from the golden path and finds it, with its docs, under their team', async ({
  page,
}) => {
  const name = `trip-reminders-${Date.now().toString(36)}`;
  const create = new CreatePage(page);
  await create.open();
  await create.chooseTemplate('TypeScript HTTP service');

  // A taken name is refused while typing, before anything is submitted.
  await create.fillName('checkout-service');
  await expect(create.nameHelp()).toHaveText(
    /checkout-service is already taken: component:default\/checkout-service exists in the catalog, owned by/,
  );
  await expect(create.nameField()).toHaveAttribute('aria-invalid', 'true');
  await create.fillDescription(
    'Reminds travellers of unpaid bookings before they expire.',
  );
  // The owner starts at the user's own team.
  await expect(create.owner()).toHaveText('Team Checkout');
  // Trying to move on with it anyway: the form stays and says why.
  await create.next();
  await expect(
    create
      .formErrors()
      .filter({ hasText: /'Name' checkout-service is already taken/ })
      .first(),
  ).toBeVisible();
  await expect(create.nameField()).toBeVisible();

  await create.fillName(name);
  await expect(create.nameHelp()).toHaveText(`${name} is free.`);
  await create.next();
  await create.review();
  await create.create();

  // Every step is listed while it runs, the run finishes with nothing left
  // spinning, and its log says where the new entity went.
  for (const step of [
    'Check the name, owner and system',
    'Choose where to publish',
    'Generate the service',
    'Create the git repository',
    'Register in the catalog and build the docs',
  ]) {
    await expect(create.step(step)).toBeVisible();
  }
  await expect(create.outputLink('Open in the catalog')).toBeVisible({
    timeout: 60_000,
  });
  await expect(create.runningSteps()).toHaveCount(0);
  await expect(
    create.logLine(`component:default/${name} is in the catalog`),
  ).toBeVisible();
  await create.outputLink('Open in the catalog').click();

  const entity = new EntityPage(page);
  await expect(entity.title()).toHaveText(name);
  await expect(entity.headerValue('Owner')).toContainText('Checkout');

  // Its docs are there already.
  const docs = new TechDocsPage(page);
  await docs.open(`component/${name}`);
  await expect(docs.content()).toContainText(
    'Reminds travellers of unpaid bookings before they expire.',
  );
  await docs.followSiteLink('Runbook');
  await expect(docs.pageTitle()).toContainText('Runbook');

  // And it is among what the user's team owns.
  const catalog = new CatalogPage(page);
  await catalog.open();
  await expect(catalog.heading()).toHaveText(/Owned Components/);
  await expect(catalog.table().getByRole('link', { name })).toBeVisible();
});
