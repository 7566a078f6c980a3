import { Config } from '@backstage/config';
import { Client } from 'pg';
import { postgresClientConfig } from './postgresClientConfig';

/**
 * Backstage plugins run their database migrations while the backend starts, and
 * two replicas starting together on a fresh PostgreSQL race on them: one fails with
 * "MigrationLocked" or "relation already exists" and does not recover
 * (backstage/charts#300). Replicas therefore start one at a time, in order, under a
 * PostgreSQL advisory lock held from before the first plugin starts until the
 * backend is up. The lock belongs to this process's connection, so a replica that
 * dies releases it.
 *
 * Returns the function that releases the lock; a no-op without PostgreSQL.
 */
export async function acquireStartupLock(
  config: Config,
  log: (message: string) => void,
): Promise<() => Promise<void>> {
  const pgConfig = postgresClientConfig(config);
  if (!pgConfig) {
    return async () => {};
  }
  // Portals sharing a server but not databases (another prefix) do not wait on each other.
  const prefix =
    config.getOptionalString('backend.database.prefix') ?? 'backstage_plugin_';
  const client = new Client(pgConfig);
  client.on('error', () => {});
  await client.connect();
  const key = `portal-startup:${prefix}`;
  const { rows } = await client.query(
    'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
    [key],
  );
  if (!rows[0].locked) {
    log(
      'Another replica is starting on this database; waiting for it to finish its migrations.',
    );
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
  }
  return async () => {
    await client
      .query('SELECT pg_advisory_unlock(hashtext($1))', [key])
      .catch(() => {});
    await client.end().catch(() => {});
  };
}
