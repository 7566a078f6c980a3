import { expect, test } from '@playwright/test';
import { SignInPage } from '../pages/SignInPage';
import { TechDocsPage } from '../pages/TechDocsPage';

// TechDocs built by our TypeScript generator, read in the stock reader: the features
// team docs use, rendered by the browser (issue: TechDocs without Python or Docker).

test.beforeEach(async ({ page }) => {
  await new SignInPage(page).signInAsGuest();
});

test('a collapsible admonition opens when clicked', async ({ page }) => {
  const docs = new TechDocsPage(page);
  await docs.open('component/checkout-service', 'architecture/');
  const admonition = docs.content().locator('details', {
    hasText: 'Why Redis and not the database for sessions',
  });
  const body = admonition.getByText('40 writes per checkout', { exact: false });
  await expect(body).toBeHidden();
  await admonition.locator('summary').click();
  await expect(body).toBeVisible();
});

test('code blocks are highlighted', async ({ page }) => {
  const docs = new TechDocsPage(page);
  await docs.open('component/checkout-service', 'architecture/');
  const sql = docs
    .content()
    .locator('pre', { hasText: 'CREATE TABLE checkout' });
  await expect(sql).toBeVisible();
  // Keywords are wrapped in token spans (Pygments classes) that the stylesheet colours.
  const keyword = sql.locator('span', { hasText: /^CREATE TABLE$/ }).first();
  await expect(keyword).toBeVisible();
  const keywordColour = await keyword.evaluate(
    el => getComputedStyle(el).color,
  );
  const textColour = await sql.evaluate(el => getComputedStyle(el).color);
  expect(keywordColour).not.toBe(textColour);
});

test('Mermaid diagrams are drawn as SVG in the browser', async ({ page }) => {
  const docs = new TechDocsPage(page);
  await docs.open('component/checkout-service', 'architecture/');
  const diagram = docs
    .content()
    .locator('svg', { hasText: 'checkout-service' })
    .first();
  await expect(diagram).toBeVisible();
  // The source text is gone once the diagram is drawn.
  await expect(docs.content().getByText('flowchart LR')).toHaveCount(0);
});

test('tabbed content switches between tabs', async ({ page }) => {
  const docs = new TechDocsPage(page);
  await docs.open('component/checkout-service', 'architecture/');
  const incoming = docs
    .content()
    .getByText('The ingress allows 30 s per request', { exact: false });
  await expect(incoming).toBeHidden();
  await docs.content().locator('label', { hasText: 'Incoming' }).click();
  await expect(incoming).toBeVisible();
});

test('"edit this page" points at the page source in the repository', async ({
  page,
}) => {
  const docs = new TechDocsPage(page);
  await docs.open('component/checkout-service', 'runbook/');
  const edit = page.locator('a.md-content__button').first();
  await expect(edit).toHaveAttribute(
    'href',
    'https://git.wayfarer.example/team-checkout/checkout-service/edit/main/docs/runbook.md',
  );
});
