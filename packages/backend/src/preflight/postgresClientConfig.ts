import { Config } from '@backstage/config';
import { ClientConfig } from 'pg';

/**
 * The `pg` client settings for the configured PostgreSQL server, or undefined when
 * the backend uses another database. Connects to the maintenance database, which
 * exists before any plugin has created its own.
 */
export function postgresClientConfig(config: Config): ClientConfig | undefined {
  if (config.getOptionalString('backend.database.client') !== 'pg') {
    return undefined;
  }
  const connection = config.getOptional('backend.database.connection');
  const pgConfig: ClientConfig =
    typeof connection === 'string'
      ? { connectionString: connection }
      : { ...(connection as ClientConfig) };
  return { ...pgConfig, database: pgConfig.database ?? 'postgres' };
}
