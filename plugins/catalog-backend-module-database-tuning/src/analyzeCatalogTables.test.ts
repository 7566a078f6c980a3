import { TestDatabases } from '@backstage/backend-test-utils';
import { analyzeCatalogTables } from './analyzeCatalogTables';

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('analyzeCatalogTables', () => {
  it('analyzes the catalog tables that changed a lot since their last ANALYZE, and only those', async () => {
    const knex = await databases.init('POSTGRES_15');
    await knex.schema.createTable('search', t => {
      t.string('entity_id');
      t.string('key');
      t.string('value');
    });
    await knex.schema.createTable('final_entities', t => t.string('entity_id'));
    await knex('search').insert(
      Array.from({ length: 1000 }, (_, i) => ({
        entity_id: `e${i}`,
        key: 'kind',
        value: 'component',
      })),
    );
    await knex('final_entities').insert({ entity_id: 'e1' });
    // pg_stat_user_tables is updated when the inserting transactions report their counts.
    await knex.raw('SELECT pg_stat_force_next_flush()');
    const estimate = async () =>
      Number(
        (
          await knex.raw(
            `SELECT reltuples FROM pg_class WHERE relname = 'search'`,
          )
        ).rows[0].reltuples,
      );
    expect(await estimate()).toBeLessThan(0); // never analyzed
    expect(await analyzeCatalogTables(knex)).toEqual(['search']);
    expect(await estimate()).toBe(1000);
    await knex.raw('SELECT pg_stat_force_next_flush()');
    expect(await analyzeCatalogTables(knex)).toEqual([]);
  });
});
