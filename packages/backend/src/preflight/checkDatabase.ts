import { Config } from '@backstage/config';
import { Client, ClientConfig } from 'pg';
import { postgresClientConfig } from './postgresClientConfig';

const CONNECT_TIMEOUT_MS = 5000;

/** Returns sentences describing why the configured database cannot be used. */
export async function checkDatabase(config: Config): Promise<string[]> {
  const pgConfig = postgresClientConfig(config);
  if (!pgConfig) {
    return [];
  }
  const missing = pgConfig.connectionString
    ? []
    : ['host', 'user'].filter(
        key => !(pgConfig as Record<string, unknown>)[key],
      );
  if (missing.length > 0) {
    return [
      `PostgreSQL is configured (backend.database.client: pg) but backend.database.connection.${missing.join(
        ' and .',
      )} is empty. Set POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER and POSTGRES_PASSWORD (see app-config.production.yaml).`,
    ];
  }
  const target = describeTarget(pgConfig);
  const pg = new Client({
    ...pgConfig,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // A failed connection also emits 'error'; without a listener that crashes the process.
  pg.on('error', () => {});
  try {
    await pg.connect();
    await pg.query('SELECT 1');
    return [];
  } catch (error) {
    return [explainConnectionError(error as NodeJS.ErrnoException, target)];
  } finally {
    await pg.end().catch(() => {});
  }
}

function describeTarget(pgConfig: ClientConfig): string {
  if (pgConfig.connectionString) {
    try {
      const url = new URL(pgConfig.connectionString);
      return `${url.hostname}:${url.port || 5432} as ${url.username}`;
    } catch {
      return 'the configured connection string';
    }
  }
  return `${pgConfig.host}:${pgConfig.port ?? 5432} as ${pgConfig.user}`;
}

function explainConnectionError(
  error: NodeJS.ErrnoException & { code?: string },
  target: string,
): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `PostgreSQL at ${target} refused the connection. Is the server running and listening on that address? Check POSTGRES_HOST and POSTGRES_PORT.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The PostgreSQL host in ${target} cannot be resolved. Check POSTGRES_HOST.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${target} rejected the credentials. Check POSTGRES_USER and POSTGRES_PASSWORD.`;
    case '3D000':
      return `PostgreSQL at ${target} has no such database. Remove backend.database.connection.database or create it.`;
    default:
      if (/timeout/i.test(error.message)) {
        return `PostgreSQL at ${target} did not answer within ${
          CONNECT_TIMEOUT_MS / 1000
        } s. Check the address and any firewall between the portal and the database.`;
      }
      return `PostgreSQL at ${target} cannot be used: ${error.message}. Check backend.database in your configuration.`;
  }
}
