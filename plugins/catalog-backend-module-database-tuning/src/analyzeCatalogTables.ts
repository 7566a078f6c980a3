import { Knex } from 'knex';

/** The catalog tables its list, facet and entity queries join. */
export const CATALOG_TABLES = [
  'search',
  'final_entities',
  'relations',
  'refresh_state',
  'refresh_state_references',
];

/**
 * Refreshes PostgreSQL's planner statistics of the catalog tables that changed a lot
 * since they were last analyzed, and returns the tables it analyzed.
 *
 * While the catalog ingests a large source, `search` grows from nothing to millions of
 * rows within minutes. Until the next ANALYZE the planner believes the tables are
 * nearly empty and joins the filters of a list call in nested loops over every matching
 * row: a filtered first page took 44 s at 10,000 entities (bench/catalog). Autovacuum's
 * analyze comes a minute or more later (and not at all when autovacuum is off); this
 * runs every few seconds while processing runs and costs a sampled read when it does.
 */
export async function analyzeCatalogTables(
  knex: Knex,
  options: { minChangedRows?: number; changedShare?: number } = {},
): Promise<string[]> {
  const minChangedRows = options.minChangedRows ?? 500;
  const changedShare = options.changedShare ?? 0.2;
  const { rows } = await knex.raw<{
    rows: Array<{
      relname: string;
      schemaname: string;
      live: string;
      changed: string;
    }>;
  }>(
    `SELECT relname, schemaname, n_live_tup AS live, n_mod_since_analyze AS changed
       FROM pg_stat_user_tables
      WHERE schemaname = current_schema() AND relname = ANY(?)`,
    [CATALOG_TABLES],
  );
  const analyzed: string[] = [];
  for (const row of rows) {
    const live = Number(row.live);
    const changed = Number(row.changed);
    if (changed >= minChangedRows && changed >= live * changedShare) {
      await knex.raw('ANALYZE ??.??', [row.schemaname, row.relname]);
      analyzed.push(row.relname);
    }
  }
  return analyzed;
}
