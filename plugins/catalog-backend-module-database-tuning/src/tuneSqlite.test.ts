import { createMockDirectory } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { tuneSqlite } from './tuneSqlite';

describe('tuneSqlite', () => {
  const dir = createMockDirectory();
  let knex: Knex | undefined;

  afterEach(async () => {
    await knex?.destroy();
    knex = undefined;
  });

  it('puts a catalog database file into write-ahead logging, with synchronous NORMAL on every connection', async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: dir.resolve('catalog.sqlite') },
      useNullAsDefault: true,
      pool: { min: 0, max: 2 },
    });
    expect(await tuneSqlite(knex)).toBe('wal');
    // While the transaction holds one connection, the query opens another one.
    await knex.transaction(async () => {
      const [{ synchronous }] = await knex!.raw('PRAGMA synchronous');
      expect(synchronous).toBe(1); // NORMAL; SQLite's default is FULL (2)
    });
    // The journal mode is stored in the file: a later process finds it in place.
    await knex.destroy();
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: dir.resolve('catalog.sqlite') },
      useNullAsDefault: true,
    });
    const [{ journal_mode: mode }] = await knex.raw('PRAGMA journal_mode');
    expect(mode).toBe('wal');
  });

  it('leaves an in-memory database as it is', async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    expect(await tuneSqlite(knex)).toBe('memory');
  });
});
