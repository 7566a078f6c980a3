import { Knex } from 'knex';

/**
 * Puts a SQLite catalog database into write-ahead-log mode with `synchronous = NORMAL`.
 *
 * The catalog commits several small transactions for every entity it processes and
 * stitches. In SQLite's default rollback-journal mode each commit waits for the disk
 * (about 20 ms per commit on the shared test machines), which caps processing at a few
 * dozen entities a second. In WAL mode a commit is an append to the log; with
 * `synchronous = NORMAL` the database stays consistent after a crash and at worst loses
 * the last transactions, which the catalog re-derives from its sources anyway.
 *
 * Returns the journal mode in effect (`memory` for in-memory databases, which have no
 * journal to tune).
 */
export async function tuneSqlite(knex: Knex): Promise<string> {
  // journal_mode is stored in the database file; synchronous is per connection, so it
  // is set again on every connection the pool opens.
  const pool = (
    knex.client as { pool?: { on(event: string, fn: Function): void } }
  ).pool;
  pool?.on(
    'createSuccess',
    (_id: unknown, connection: { pragma?: Function }) => {
      connection.pragma?.('synchronous = NORMAL');
    },
  );
  const rows = await knex.raw('PRAGMA journal_mode = WAL');
  await knex.raw('PRAGMA synchronous = NORMAL');
  const mode = Array.isArray(rows) ? rows[0]?.journal_mode : undefined;
  return String(mode ?? 'unknown');
}
