import { expect, test } from '@playwright/test';
import { CreatePage } from '../pages/CreatePage';
import { EntityPage } from '../pages/EntityPage';
import { SearchPage } from '../pages/SearchPage';
import { SignInPage } from '../pages/SignInPage';

// Refreshes docs/screenshots/golden-path-*.png for the README:
// PORTAL_SCREENSHOTS=1 yarn playwright test e2e-tests/screenshots/golden-paths.spec.ts --project screenshots

test.use({ viewport: { width: 1680, height: 1000 } });
test.setTimeout(360_000);

const shot = (name: string) => ({ path: `docs/screenshots/${name}.png` });

test('golden paths: the form, a finished run and the new service', async ({
  page,
}) => {
  await new SignInPage(page).signInAsGuest();
  const create = new CreatePage(page);
  await create.open();
  await page.screenshot(shot('golden-path-templates'));

  await create.chooseTemplate('TypeScript HTTP service');
  // The form as a user meets it: a taken name refused while typing, the owner
  // already set to their team.
  await create.fillName('checkout-service');
  await create.fillDescription(
    'Reminds travellers of unpaid bookings before they expire.',
  );
  await expect(create.nameHelp()).toContainText('is already taken');
  await expect(create.owner()).toHaveText('Team Checkout');
  await page.screenshot(shot('golden-path-form'));

  // A just-started portal builds every docs site and indexes them for search in its
  // first minute, and on this machine that holds up a run's first step for half a
  // minute. The README shows a run on a settled portal, as the benchmark measures it:
  // wait until search finds a docs page, the last of the start-up work.
  const search = new SearchPage(page);
  await expect(async () => {
    await search.searchFor('Zephyrine');
    await expect(search.results().first()).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 180_000 });

  const name = `payment-reminders-${Date.now().toString(36)}`;
  await create.open();
  await create.chooseTemplate('TypeScript HTTP service');
  await create.fillName(name);
  await create.fillDescription(
    'Reminds travellers of unpaid bookings before they expire.',
  );
  await expect(create.nameHelp()).toHaveText(`${name} is free.`);
  await create.next();
  await create.review();
  await create.create();
  await expect(create.outputLink('Open in the catalog')).toBeVisible({
    timeout: 60_000,
  });
  await page.screenshot(shot('golden-path-run'));

  await create.outputLink('Open in the catalog').click();
  const entity = new EntityPage(page);
  await expect(entity.title()).toHaveText(name);
  await expect(entity.headerValue('Owner')).toContainText('Checkout');
  // The overview once its cards have loaded: the API it provides and its About card.
  await expect(
    entity.card('Provided APIs').getByRole('link', { name: `${name}-api` }),
  ).toBeVisible();
  await expect(entity.card('About')).toContainText(
    'Reminds travellers of unpaid bookings before they expire.',
  );
  await page.screenshot(shot('golden-path-entity'));
});
