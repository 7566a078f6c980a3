import { Client, escapeIdentifier } from 'pg';

/** The non-superuser role tests provision as, created on the test server by the tests. */
export const TEST_PROVISIONER = 'wayfarer_test_provisioner';
const TEST_PROVISIONER_PASSWORD = 'test-provisioner-password';

/** The superuser connection of the test PostgreSQL (the same one TestDatabases uses). */
export function adminConnectionString(): string {
  const url = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!url) {
    throw new Error(
      'The databases tests provision on a real PostgreSQL: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (./portal test does).',
    );
  }
  return url;
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminConnectionString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates (once) the provisioning role: CREATEROLE and CREATEDB, not a superuser. */
export async function ensureTestProvisioner() {
  const url = new URL(adminConnectionString());
  await withAdmin(async client => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [TEST_PROVISIONER]);
    try {
      const { rows } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [
        TEST_PROVISIONER,
      ]);
      await client.query(
        `${rows.length ? 'ALTER' : 'CREATE'} ROLE ${escapeIdentifier(
          TEST_PROVISIONER,
        )} WITH LOGIN CREATEROLE CREATEDB NOSUPERUSER PASSWORD '${TEST_PROVISIONER_PASSWORD}'`,
      );
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [TEST_PROVISIONER]);
    }
  });
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: TEST_PROVISIONER,
    password: TEST_PROVISIONER_PASSWORD,
  };
}

/** Roles and databases on the test server whose names start with `prefix`. */
export async function serverObjects(prefix: string) {
  return withAdmin(async client => {
    const roles = await client.query(
      `SELECT rolname AS name, rolcanlogin AS login, rolconnlimit AS limit, rolpassword AS verifier
         FROM pg_authid WHERE rolname LIKE $1 ORDER BY rolname`,
      [`${prefix}%`],
    );
    const dbs = await client.query(
      `SELECT d.datname AS name, r.rolname AS owner, d.datconnlimit AS limit,
              array_to_string(d.datacl, ',') AS acl
         FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
        WHERE d.datname LIKE $1 ORDER BY d.datname`,
      [`${prefix}%`],
    );
    return {
      roles: roles.rows as Array<{ name: string; login: boolean; limit: number; verifier: string }>,
      databases: dbs.rows as Array<{ name: string; owner: string; limit: number; acl: string }>,
    };
  });
}

/** Removes what a test made on the server (databases first, then roles). */
export async function dropServerObjects(prefix: string) {
  const { roles, databases } = await serverObjects(prefix);
  await withAdmin(async client => {
    for (const db of databases) {
      await client.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(db.name)} WITH (FORCE)`);
    }
    for (const role of roles) {
      await client.query(`DROP ROLE IF EXISTS ${escapeIdentifier(role.name)}`);
    }
  });
}

/** Opens a session with the given credentials and runs one statement; the error message otherwise. */
export async function tryConnect(options: {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
}): Promise<'ok' | string> {
  const { host, port, username: user, password, database } = options;
  const client = new Client({
    host,
    port,
    user,
    password,
    database,
    connectionTimeoutMillis: 5000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('CREATE TABLE IF NOT EXISTS smoke (id int)');
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A random lowercase prefix for the names one test run uses. */
export function testPrefix() {
  return `t${Math.random().toString(36).slice(2, 8).replace(/[^a-z0-9]/g, 'x')}_`;
}
