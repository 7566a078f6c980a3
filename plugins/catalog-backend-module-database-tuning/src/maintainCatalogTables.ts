import { Knex } from 'knex';

/**
 * The catalog tables its list, facet and entity queries join, and the queues its
 * processing loop and stitcher claim work from.
 */
export const CATALOG_TABLES = [
  'search',
  'final_entities',
  'relations',
  'refresh_state',
  'refresh_state_references',
  'stitch_queue',
];

/** What one round did, per table. */
export interface CatalogTableMaintenance {
  vacuumed: string[];
  analyzed: string[];
}

/**
 * Keeps PostgreSQL's view of the catalog tables current while the catalog ingests a
 * large source: tables that changed by a share of their rows since the last ANALYZE are
 * analyzed, and tables that gathered that share of dead rows (or of new rows not yet
 * vacuumed) are vacuumed and analyzed.
 *
 * Statistics: while the catalog ingests, `search` grows from nothing to millions of
 * rows within minutes. Until the next ANALYZE the planner believes the tables are
 * nearly empty and joins the filters of a list call in nested loops over every matching
 * row: a filtered first page took 44 s at 10,000 entities (bench/catalog).
 *
 * Vacuum: the processing loop moves every `refresh_state` row's `next_update_at` at
 * least twice per processing and the stitcher inserts and deletes a `stitch_queue` row
 * per stitch, so both queues, which are claimed by scanning an index from the oldest
 * entry, fill with dead rows; and facet queries read `search` through a covering index,
 * which answers without visiting the table only for pages VACUUM marked all-visible.
 *
 * Autovacuum does both a minute or more later, and not at all where it is switched off;
 * this runs every few seconds and costs nothing when no table changed enough.
 */
export async function maintainCatalogTables(
  knex: Knex,
  options: {
    minChangedRows?: number;
    changedShare?: number;
    /** Whether to vacuum too; otherwise only ANALYZE. Default false. */
    vacuum?: boolean;
  } = {},
): Promise<CatalogTableMaintenance> {
  const vacuum = options.vacuum ?? false;
  const minChangedRows = options.minChangedRows ?? 500;
  const changedShare = options.changedShare ?? 0.2;
  const { rows } = await knex.raw<{
    rows: Array<{
      relname: string;
      schemaname: string;
      live: string;
      changed: string;
      dead: string;
      inserted: string;
    }>;
  }>(
    `SELECT relname, schemaname, n_live_tup AS live, n_mod_since_analyze AS changed,
            n_dead_tup AS dead, n_ins_since_vacuum AS inserted
       FROM pg_stat_user_tables
      WHERE schemaname = current_schema() AND relname = ANY(?)`,
    [CATALOG_TABLES],
  );
  const result: CatalogTableMaintenance = { vacuumed: [], analyzed: [] };
  const many = (n: string, live: number) =>
    Number(n) >= minChangedRows && Number(n) >= live * changedShare;
  for (const row of rows) {
    const live = Number(row.live);
    if (vacuum && (many(row.dead, live) || many(row.inserted, live))) {
      await knex.raw('VACUUM (ANALYZE) ??.??', [row.schemaname, row.relname]);
      result.vacuumed.push(row.relname);
    } else if (many(row.changed, live)) {
      await knex.raw('ANALYZE ??.??', [row.schemaname, row.relname]);
      result.analyzed.push(row.relname);
    }
  }
  return result;
}
