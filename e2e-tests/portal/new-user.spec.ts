import { expect, test } from '@playwright/test';
import { CatalogPage } from '../pages/CatalogPage';
import { EntityPage } from '../pages/EntityPage';
import { SearchPage } from '../pages/SearchPage';
import { SignInPage } from '../pages/SignInPage';
import { TechDocsPage } from '../pages/TechDocsPage';

// A developer's first visit to the portal, on the embedded default with the demo
// organization: sign in, browse, open a service, read its docs, search, read an API.

test.beforeEach(async ({ page }) => {
  await new SignInPage(page).signInAsGuest();
});

test('the home page offers search and shortcuts to what a new user came for', async ({
  page,
}) => {
  await expect(
    page.getByRole('heading', { name: 'Wayfarer Developer Portal' }),
  ).toBeVisible();
  await expect(
    page.getByPlaceholder('Search in Wayfarer Developer Portal'),
  ).toBeVisible();
  for (const shortcut of [
    'Create a service',
    'Request a database',
    'Read the platform docs',
  ]) {
    await expect(
      page.getByRole('link', { name: new RegExp(shortcut) }),
    ).toBeVisible();
  }
});

test('the catalog filters by kind, owner and lifecycle', async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.open();
  // A new user first sees what their own team owns.
  await expect(catalog.heading()).toHaveText(/Owned Components \(\d+\)/);
  await expect(
    catalog.table().getByRole('link', { name: 'Checkout Service' }),
  ).toBeVisible();

  await catalog.showAll();
  await catalog.filterByOwner('Team Flights');
  await expect(
    catalog.table().getByRole('link', { name: 'Fare Calculator' }),
  ).toBeVisible();
  await expect(
    catalog.table().getByRole('link', { name: 'Checkout Service' }),
  ).toHaveCount(0);

  await catalog.filterByLifecycle('deprecated');
  await expect(catalog.rows()).toHaveCount(1);
  await expect(catalog.rows().first()).toContainText('GDS Connector');
  await expect(catalog.rows().first()).toContainText('deprecated');

  await catalog.filterByKind('API');
  await expect(catalog.heading()).toHaveText(/APIs?/);
});

test('a component page shows its owner, system, APIs and dependency graph', async ({
  page,
}) => {
  const entity = new EntityPage(page);
  await entity.open('component', 'checkout-service');
  await expect(entity.title()).toHaveText('Checkout Service');
  await expect(entity.headerValue('Owner')).toContainText('Checkout');
  await expect(entity.headerValue('System')).toContainText('checkout');

  await expect(
    page.getByRole('heading', { name: 'Provided APIs' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Checkout API' }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Consumed APIs' }),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Depends on components' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Fare Calculator' }).first(),
  ).toBeVisible();

  // The relations graph draws the component among its neighbours.
  await expect(page.getByRole('heading', { name: 'Relations' })).toBeVisible();
  const graph = page.locator('svg').filter({ hasText: 'Checkout Service' });
  await expect(graph.getByText('Payment Gateway')).toBeVisible();
});

test("a component's TechDocs move between pages by the site navigation and the TOC", async ({
  page,
}) => {
  const docs = new TechDocsPage(page);
  await docs.open('component/checkout-service');
  await expect(docs.pageTitle()).toHaveText(/Checkout Service/);

  await docs.followSiteLink('Runbook');
  await expect(page).toHaveURL(
    /\/docs\/default\/component\/checkout-service\/runbook\/?$/,
  );
  await expect(docs.pageTitle()).toContainText('Runbook');

  const firstSection = docs.tableOfContents().getByRole('link').first();
  const sectionTitle = (await firstSection.innerText()).trim();
  await docs.followTocLink(sectionTitle);
  await expect(page).toHaveURL(/#.+/);
  await expect(
    docs.content().getByRole('heading', { name: sectionTitle }),
  ).toBeInViewport();
});

test('searching a word from one doc page lands on that page', async ({
  page,
}) => {
  const search = new SearchPage(page);
  // The docs are prebuilt and indexed shortly after start-up; a fresh portal may need
  // a moment, as a user would find by searching again.
  await expect(async () => {
    await search.searchFor('Zephyrine');
    await expect(search.results().first()).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000 });

  const results = search.results();
  for (const result of await results.all()) {
    await expect(result).toContainText('Fare Calculator docs');
  }
  await results.first().getByRole('link').first().click();
  await expect(page).toHaveURL(
    /\/docs\/default\/component\/fare-calculator\/architecture/,
  );
  const docs = new TechDocsPage(page);
  await expect(docs.content()).toContainText('Zephyrine pricing cache');
});

test("an API's definition is readable from its page", async ({ page }) => {
  const entity = new EntityPage(page);
  await entity.open('api', 'checkout-api');
  await entity.openGroupedTab('Documentation', 'Definition');
  await expect(
    page.getByText('Creates checkout sessions', { exact: false }).first(),
  ).toBeVisible();
  // The OpenAPI definition is rendered as operations, not shown as raw text only.
  await expect(page.getByText('/v1/checkouts').first()).toBeVisible();
});
