/*
 * Finds the catalog database that `run.sh --databases postgres --variants ours --keep`
 * left behind, and reads what the browser benchmark needs to know about it.
 *
 * run.sh names a PostgreSQL instance catbench_<pid>_pg_<variant>; Backstage gives each
 * plugin the database <instance>_<pluginId>, so the catalog is <instance>_catalog.
 */
import { Client } from 'pg';
import { postgresUrl } from './benchServer';

export interface KeptCatalog {
  /** e.g. catbench_12345_pg_ours */
  instance: string;
  database: string;
}

function client(database: string): Client {
  const url = new URL(postgresUrl());
  url.pathname = `/${database}`;
  return new Client({ connectionString: url.toString() });
}

async function query<T>(
  database: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = client(database);
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** The kept bench catalogs on the server, newest first. */
export async function listKeptCatalogs(): Promise<KeptCatalog[]> {
  const rows = await query<{ datname: string }>(
    'postgres',
    // starts_with, not LIKE: an underscore in LIKE matches any character.
    `SELECT datname FROM pg_database
      WHERE starts_with(datname, 'catbench_') AND right(datname, 8) = '_catalog'
      ORDER BY oid DESC`,
  );
  return rows.map(r => ({
    instance: r.datname.slice(0, -'_catalog'.length),
    database: r.datname,
  }));
}

/**
 * The kept catalog to measure: the one named (an instance such as catbench_12345_pg_ours
 * or its catalog database), or the only one there is.
 */
export async function findKeptCatalog(name?: string): Promise<KeptCatalog> {
  const kept = await listKeptCatalogs();
  const listing = kept.length
    ? `Kept catalogs: ${kept.map(k => k.instance).join(', ')}.`
    : 'There is none; make one with: bash bench/catalog/run.sh --databases postgres --variants ours --ingest-only --keep';
  if (name) {
    const found = kept.find(k => k.instance === name || k.database === name);
    if (!found) {
      throw new Error(`No kept catalog database is named ${name}. ${listing}`);
    }
    return found;
  }
  if (kept.length !== 1) {
    throw new Error(
      `Name the kept catalog to measure with --instance. ${listing}`,
    );
  }
  return kept[0];
}

export interface CatalogContents {
  entities: number;
  byKind: Record<string, number>;
  /** Entities whose next processing time has passed: the backlog of the processing loop. */
  dueForProcessing: number;
}

/** What the catalog database holds, read directly (no backend needed). */
export async function catalogContents(
  database: string,
): Promise<CatalogContents> {
  const kinds = await query<{ kind: string; n: string }>(
    database,
    `SELECT lower(split_part(entity_ref, ':', 1)) AS kind, count(*) AS n
       FROM final_entities WHERE final_entity IS NOT NULL GROUP BY 1`,
  );
  const [due] = await query<{ n: string }>(
    database,
    'SELECT count(*) AS n FROM refresh_state WHERE next_update_at <= now()',
  );
  const byKind = Object.fromEntries(kinds.map(k => [k.kind, Number(k.n)]));
  return {
    entities: Object.values(byKind).reduce((a, b) => a + b, 0),
    byKind,
    dueForProcessing: Number(due.n),
  };
}

/**
 * A person who is a member of a team that owns components, to sign in as: the catalog
 * page opens on what the signed-in user owns, as it would for a developer.
 */
export async function pickTeamMember(database: string): Promise<string> {
  const rows = await query<{ user_ref: string }>(
    database,
    `SELECT m.source_entity_ref AS user_ref
       FROM relations m
      WHERE m.type = 'memberOf' AND m.source_entity_ref LIKE 'user:%'
        AND EXISTS (SELECT 1 FROM relations o
                     WHERE o.type = 'ownedBy' AND o.target_entity_ref = m.target_entity_ref
                       AND o.source_entity_ref LIKE 'component:%')
      ORDER BY m.source_entity_ref
      LIMIT 1`,
  );
  if (!rows.length) {
    throw new Error(
      `${database} has no user who is a member of a team owning components; pass --user.`,
    );
  }
  return rows[0].user_ref;
}
