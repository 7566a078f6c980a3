import { TestDatabases } from '@backstage/backend-test-utils';
import { PORTAL_TEST_DATABASE_IDS } from '@internal/backend-test-kit';
import { applyDatabaseMigrations, rollbackDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });

describe.each(PORTAL_TEST_DATABASE_IDS)('migrations on %s', databaseId => {
  it('create every table, drop them all again, and can be applied once more', async () => {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    for (const table of ['devex_deployments', 'devex_daily_stats', 'devex_weekly_stats', 'devex_survey_responses', 'devex_meta']) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    await knex('devex_meta').insert({ key: 'k', value: 'v' });

    await rollbackDatabaseMigrations(knex);
    expect(await knex.schema.hasTable('devex_deployments')).toBe(false);
    expect(await knex.schema.hasTable('devex_meta')).toBe(false);

    await applyDatabaseMigrations(knex);
    expect(await knex('devex_meta').count({ n: '*' })).toEqual([{ n: expect.anything() }]);
    expect(Number((await knex('devex_meta').count({ n: '*' }).first())?.n)).toBe(0);
  });
});
