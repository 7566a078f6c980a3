/*
 * The built portal (packages/backend/dist serving packages/app/dist) started as production
 * starts it, with its catalog on a kept bench catalog database and every other plugin
 * on throwaway databases of its own.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  ProductionBackend,
  startProductionBackend,
  waitUntilReady,
} from '../../e2e-tests/support/productionBackend';
import { postgresUrl } from './benchServer';

export interface PortalOverKeptCatalogOptions {
  port: number;
  catalogDatabase: string;
  /** Who the guest sign-in signs in as (a User entity of the kept catalog). */
  userEntityRef: string;
}

/**
 * Configuration layered on app-config.yaml + app-config.production.yaml. Production's
 * sign-in (GitHub) is left alone in those files; this overlay, used only here, offers
 * the guest sign-in the browser suite uses against the built backend.
 */
export function portalOverKeptCatalogConfig(
  options: PortalOverKeptCatalogOptions,
): Record<string, unknown> {
  return {
    backend: {
      database: {
        plugin: {
          catalog: {
            connection: { database: options.catalogDatabase },
            // Never create an empty catalog when the name is wrong.
            ensureExists: false,
          },
        },
      },
    },
    auth: {
      providers: {
        guest: {
          userEntityRef: options.userEntityRef,
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
    portal: { signIn: { providers: ['guest'] } },
    catalog: {
      // The bench's entities came from its entity-files provider (`bench`), which this
      // backend does not configure. Backstage evicts the entities of providers it no
      // longer has when the catalog starts, unless told to keep them.
      orphanProviderStrategy: 'keep',
      // The catalog is the bench's organization, exactly: no demo organization added
      // to a database that is kept for further measurements.
      locations: [],
    },
  };
}

/** A running portal over a kept catalog; stop() also drops its throwaway databases. */
export interface PortalOverKeptCatalog {
  baseUrl: string;
  /** A static token for the catalog API (the backend's external access). */
  apiToken: string;
  /** The backend process id, to read its CPU time. */
  pid: number;
  /** Prefix of the throwaway databases of the other plugins. */
  databasePrefix: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startPortalOverKeptCatalog(
  options: PortalOverKeptCatalogOptions,
): Promise<PortalOverKeptCatalog> {
  const databasePrefix = `catbrowser_${randomBytes(4).toString('hex')}_`;
  const backend: ProductionBackend = startProductionBackend({
    port: options.port,
    databasePrefix,
    config: portalOverKeptCatalogConfig(options),
  });
  let stopped: Promise<void> | undefined;
  const portal: PortalOverKeptCatalog = {
    baseUrl: backend.baseUrl,
    apiToken: backend.apiToken,
    pid: backend.process.pid!,
    databasePrefix,
    output: backend.output,
    stop: () =>
      (stopped ??= (async () => {
        await backend.stop();
        await dropDatabasesStartingWith(databasePrefix);
      })()),
  };
  try {
    await waitUntilReady(backend);
  } catch (error) {
    await portal.stop();
    throw error;
  }
  return portal;
}

/** Drops the databases whose names start with the prefix (and only those). */
async function dropDatabasesStartingWith(prefix: string): Promise<void> {
  const url = new URL(postgresUrl());
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
