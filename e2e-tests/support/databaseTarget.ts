import { Client } from 'pg';

/**
 * The browser suite's provisioning target: the machine's PostgreSQL (PORTAL_TEST_POSTGRES_URL,
 * default postgresql://postgres@127.0.0.1:5432), reached by the portal as the non-superuser
 * role of e2e-tests/app-config.e2e.yaml, which this creates.
 */
const ADMIN_URL =
  process.env.PORTAL_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function ensureE2eProvisioningRole() {
  await withAdmin(async client => {
    const { rows } = await client.query(
      "SELECT 1 FROM pg_roles WHERE rolname = 'wayfarer_e2e_provisioner'",
    );
    await client.query(
      `${rows.length ? 'ALTER' : 'CREATE'} ROLE wayfarer_e2e_provisioner WITH LOGIN CREATEROLE CREATEDB NOSUPERUSER PASSWORD 'e2e-provisioner'`,
    );
  });
}

/** Drops what a spec provisioned (names start with `prefix`). */
export async function dropE2eDatabases(prefix: string) {
  await withAdmin(async client => {
    const dbs = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const { datname } of dbs.rows) {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    }
    const roles = await client.query('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [
      `${prefix}%`,
    ]);
    for (const { rolname } of roles.rows) {
      await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(rolname)}`);
    }
  });
}

/** Whether a role of that name exists and can log in (for the spec's checks). */
export async function roleExists(name: string): Promise<boolean> {
  return withAdmin(async client => {
    const { rows } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
    return rows.length === 1;
  });
}
