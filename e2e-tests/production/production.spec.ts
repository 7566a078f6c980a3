import { expect, test } from '@playwright/test';
import {
  dropDatabases,
  ProductionBackend,
  startProductionBackend,
  uniqueDatabasePrefix,
  waitUntilReady,
} from '../support/productionBackend';

// Production mode: the built backend serves the built frontend and the API from one
// origin, on PostgreSQL, configured by app-config.production.yaml and the environment.

async function componentCount(backend: ProductionBackend): Promise<number> {
  const res = await fetch(
    `${backend.baseUrl}/api/catalog/entities/by-query?filter=kind=component&limit=1`,
    { headers: { Authorization: `Bearer ${backend.apiToken}` } },
  );
  expect(res.status).toBe(200);
  return (await res.json()).totalItems;
}

test.describe('production mode on PostgreSQL', () => {
  test.describe.configure({ timeout: 300_000 });

  test('a built backend serves the sign-in page and the catalog', async ({
    page,
  }) => {
    const prefix = uniqueDatabasePrefix();
    const backend = startProductionBackend({
      port: 7107,
      databasePrefix: prefix,
    });
    try {
      await waitUntilReady(backend);

      await page.goto(backend.baseUrl);
      await expect(page.getByText('Wayfarer Developer Portal')).toBeVisible();
      await expect(
        page.getByText('Sign in with your company GitHub account'),
      ).toBeVisible();
      // Guest sign-in is for local development only.
      await expect(page.getByText('Enter as a Guest User.')).toHaveCount(0);

      const anonymous = await fetch(
        `${backend.baseUrl}/api/catalog/entities?limit=1`,
      );
      expect(anonymous.status).toBe(401);
      await expect
        .poll(() => componentCount(backend), { timeout: 120_000 })
        .toBeGreaterThanOrEqual(15);
    } finally {
      await backend.stop();
      await dropDatabases(prefix);
    }
  });

  test('two backends started together on one PostgreSQL both come up and serve', async () => {
    const prefix = uniqueDatabasePrefix();
    const backends = [
      startProductionBackend({ port: 7108, databasePrefix: prefix }),
      startProductionBackend({ port: 7109, databasePrefix: prefix }),
    ];
    try {
      await Promise.all(backends.map(b => waitUntilReady(b)));
      for (const backend of backends) {
        await expect
          .poll(() => componentCount(backend), { timeout: 120_000 })
          .toBeGreaterThanOrEqual(15);
        const page = await fetch(backend.baseUrl);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<div id="root">');
        expect(backend.output()).not.toMatch(
          /migration.*(failed|lock)|already exists/i,
        );
      }
    } finally {
      await Promise.all(backends.map(b => b.stop()));
      await dropDatabases(prefix);
    }
  });
});
