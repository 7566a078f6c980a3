import { TestDatabases } from '@backstage/backend-test-utils';
import { maintainCatalogTables } from './maintainCatalogTables';

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('maintainCatalogTables', () => {
  it('vacuums and analyzes the catalog tables that grew or gathered dead rows, and leaves the others alone', async () => {
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
    // pg_stat_user_tables is updated when the writing transactions report their counts.
    const flush = () => knex.raw('SELECT pg_stat_force_next_flush()');
    const table = async () =>
      (
        await knex.raw(
          `SELECT c.reltuples, c.relallvisible, s.n_dead_tup
             FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE c.relname = 'search'`,
        )
      ).rows[0];
    await flush();
    expect(Number((await table()).reltuples)).toBeLessThan(0); // never analyzed

    // Grown: statistics taken, and pages marked all-visible for index-only scans.
    expect(await maintainCatalogTables(knex, { vacuum: true })).toEqual({
      vacuumed: ['search'],
      analyzed: [],
    });
    expect(Number((await table()).reltuples)).toBe(1000);
    expect(Number((await table()).relallvisible)).toBeGreaterThan(0);
    await flush();
    expect(await maintainCatalogTables(knex, { vacuum: true })).toEqual({
      vacuumed: [],
      analyzed: [],
    });

    // Rewritten rows leave dead ones behind, which the next round removes.
    await knex('search').update({ value: 'api' });
    await flush();
    expect(Number((await table()).n_dead_tup)).toBe(1000);
    expect(await maintainCatalogTables(knex, { vacuum: true })).toEqual({
      vacuumed: ['search'],
      analyzed: [],
    });
    await flush();
    expect(Number((await table()).n_dead_tup)).toBe(0);
  });

  it('only analyzes unless asked to vacuum', async () => {
    const knex = await databases.init('POSTGRES_15');
    await knex.schema.createTable('search', t => t.string('entity_id'));
    await knex('search').insert(
      Array.from({ length: 1000 }, (_, i) => ({ entity_id: `e${i}` })),
    );
    await knex.raw('SELECT pg_stat_force_next_flush()');
    expect(await maintainCatalogTables(knex)).toEqual({
      vacuumed: [],
      analyzed: ['search'],
    });
  });
});
