import { Knex } from 'knex';

const UPSERT_CHUNK = 200;

/**
 * Adds each row's `n` and `total` to the stored row with the same key, inserting the
 * rows that are not there yet: how every rollup table is kept (negative values
 * decrement).
 */
export async function incrementSums(
  db: Knex | Knex.Transaction,
  table: string,
  keyColumns: string[],
  rows: Array<Record<string, number | string>>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
    await db(table)
      .insert(rows.slice(i, i + UPSERT_CHUNK))
      .onConflict(keyColumns)
      .merge({
        n: db.raw('?? + ??', [`${table}.n`, 'excluded.n']),
        total: db.raw('?? + ??', [`${table}.total`, 'excluded.total']),
      });
  }
}
