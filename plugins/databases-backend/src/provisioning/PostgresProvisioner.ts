import { Client, escapeIdentifier, escapeLiteral, Pool, PoolClient } from 'pg';
import {
  DatabaseMeasurement,
  DatabaseProvisioner,
  portalMarker,
  ProvisioningRefusedError,
  ProvisionTarget,
  TargetUnavailableError,
} from './DatabaseProvisioner';

export type PostgresTargetOptions = {
  /** For messages: "the development server". */
  environment: string;
  host: string;
  port: number;
  user: string;
  password?: string;
  database?: string;
  ssl?: boolean;
  publicHost?: string;
  publicPort?: number;
};

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovery)
  '53300', // too_many_connections
  '55006', // object_in_use, e.g. template1 busy
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

const POOL_SIZE = 4;

/**
 * Long enough that a server (or a backend event loop) busy for a few seconds is not taken for
 * an unreachable one: at 5 s, a portal still starting up on two cores sent its first request
 * of the day into a retry.
 */
const CONNECT_TIMEOUT_MS = 15_000;

/**
 * First-come-first-served slots in front of the pool. pg's connectionTimeoutMillis also bounds
 * the wait for a busy pool, so ten requests queued behind four slow CREATE DATABASEs read as
 * "server unreachable" and were retried with back-off; behind these slots the pool never
 * queues, and its timeout only measures the server.
 */
class PoolSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  async acquire(): Promise<() => void> {
    if (this.free > 0) {
      this.free--;
    } else {
      await new Promise<void>(resolve => this.waiting.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}

/**
 * Provisions on a real PostgreSQL server with `pg`, as a role that has CREATEROLE and
 * CREATEDB and is not a superuser (checked before the first change). Every identifier is
 * quoted; the password arrives as a SCRAM verifier; roles and databases carry a marker
 * comment, so the portal never adopts or drops what it did not make.
 */
export class PostgresProvisioner implements DatabaseProvisioner {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly slots = new PoolSlots(POOL_SIZE);
  private preflight?: Promise<void>;

  constructor(private readonly options: PostgresTargetOptions) {
    this.pool = new Pool({
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      database: options.database ?? 'postgres',
      ssl: options.ssl ? { rejectUnauthorized: true } : undefined,
      max: POOL_SIZE,
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'wayfarer-portal-provisioner',
    });
    // A server that goes away must not crash the backend; the next query reports it.
    this.pool.on('error', () => {});
  }

  private get where(): string {
    return `the ${this.options.environment} database server at ${this.options.host}:${this.options.port}`;
  }

  async endpoint() {
    return {
      host: this.options.publicHost ?? this.options.host,
      port: this.options.publicPort ?? this.options.port,
    };
  }

  async ensureRole(target: ProvisionTarget, verifier: string): Promise<void> {
    await this.transaction(async client => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `wayfarer-portal:${target.roleName}`,
      ]);
      const role = escapeIdentifier(target.roleName);
      const existing = await this.roleComment(client, target.roleName);
      if (existing === undefined) {
        await client.query(
          `CREATE ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT CONNECTION LIMIT ${Number(
            target.connectionLimit,
          )} PASSWORD ${escapeLiteral(verifier)}`,
        );
        await client.query(
          `COMMENT ON ROLE ${role} IS ${escapeLiteral(
            portalMarker(target.databaseId),
          )}`,
        );
        // Membership lets the provisioning role create the database owned by the new role
        // and later drop it; it is not a superuser, so it needs this on every server version.
        await client.query(`GRANT ${role} TO CURRENT_USER`);
      } else {
        this.assertOurs(existing, target, `a role named ${target.roleName}`);
        await client.query(
          `ALTER ROLE ${role} WITH LOGIN CONNECTION LIMIT ${Number(
            target.connectionLimit,
          )} PASSWORD ${escapeLiteral(verifier)}`,
        );
      }
    });
  }

  async ensureDatabase(target: ProvisionTarget): Promise<void> {
    await this.withClient(async client => {
      const owner = await this.databaseOwner(client, target.databaseName);
      if (owner === undefined) {
        try {
          await client.query(
            `CREATE DATABASE ${escapeIdentifier(
              target.databaseName,
            )} OWNER ${escapeIdentifier(
              target.roleName,
            )} CONNECTION LIMIT ${Number(target.connectionLimit)}`,
          );
        } catch (error) {
          // Another worker created it between our check and CREATE; check whose it is below.
          if ((error as { code?: string }).code !== '42P04') throw error;
        }
      }
      const finalOwner = await this.databaseOwner(client, target.databaseName);
      if (finalOwner !== target.roleName) {
        throw new ProvisioningRefusedError(
          `A database named ${target.databaseName} already exists on ${this.where} and was not made by the portal for this request; choose another name.`,
        );
      }
      await client.query(
        `COMMENT ON DATABASE ${escapeIdentifier(
          target.databaseName,
        )} IS ${escapeLiteral(portalMarker(target.databaseId))}`,
      );
    });
  }

  async restrictAccess(target: ProvisionTarget): Promise<void> {
    await this.withClient(async client => {
      const database = escapeIdentifier(target.databaseName);
      await client.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
      await client.query(
        `GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${escapeIdentifier(
          target.roleName,
        )}`,
      );
    });
  }

  async setPassword(target: ProvisionTarget, verifier: string): Promise<void> {
    await this.alterOurRole(target, `PASSWORD ${escapeLiteral(verifier)}`);
  }

  async setConnectionLimit(target: ProvisionTarget): Promise<void> {
    const limit = Number(target.connectionLimit);
    await this.alterOurRole(target, `CONNECTION LIMIT ${limit}`);
    await this.withClient(client =>
      client.query(
        `ALTER DATABASE ${escapeIdentifier(
          target.databaseName,
        )} CONNECTION LIMIT ${limit}`,
      ),
    );
  }

  async setLogin(target: ProvisionTarget, enabled: boolean): Promise<void> {
    await this.alterOurRole(target, enabled ? 'LOGIN' : 'NOLOGIN');
    if (!enabled) {
      await this.withClient(client =>
        client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1',
          [target.roleName],
        ),
      );
    }
  }

  async dropDatabase(target: ProvisionTarget): Promise<void> {
    await this.withClient(async client => {
      const owner = await this.databaseOwner(client, target.databaseName);
      if (owner === undefined) return;
      const ownerComment = await this.roleComment(client, owner);
      if (
        owner !== target.roleName ||
        ownerComment !== portalMarker(target.databaseId)
      ) {
        // Never drop what the portal did not make, even when cleaning up a failed request.
        return;
      }
      await client.query(
        `DROP DATABASE IF EXISTS ${escapeIdentifier(
          target.databaseName,
        )} WITH (FORCE)`,
      );
    });
  }

  async dropRole(target: ProvisionTarget): Promise<void> {
    await this.withClient(async client => {
      const comment = await this.roleComment(client, target.roleName);
      if (comment === undefined || comment !== portalMarker(target.databaseId))
        return;
      await client.query(
        `DROP ROLE IF EXISTS ${escapeIdentifier(target.roleName)}`,
      );
    });
  }

  async inspect(target: ProvisionTarget) {
    return this.withClient(async client => {
      const comment = await this.roleComment(client, target.roleName);
      const owner = await this.databaseOwner(client, target.databaseName);
      return {
        roleExists: comment !== undefined,
        databaseExists: owner !== undefined,
      };
    });
  }

  async measure(target: ProvisionTarget): Promise<DatabaseMeasurement> {
    try {
      const stats = await this.withClient(async client => {
        const { rows } = await client.query(
          `SELECT pg_database_size(d.datname)::text AS size,
                  (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = d.datname)::int AS connections
             FROM pg_database d WHERE d.datname = $1`,
          [target.databaseName],
        );
        return rows[0] as { size: string; connections: number } | undefined;
      });
      if (!stats) {
        return {
          reachable: false,
          message: `The database ${target.databaseName} no longer exists on ${this.where}.`,
        };
      }
      // Reachable means a session on the database itself works, not only on the server.
      const client = new Client({
        host: this.options.host,
        port: this.options.port,
        user: this.options.user,
        password: this.options.password,
        database: target.databaseName,
        ssl: this.options.ssl ? { rejectUnauthorized: true } : undefined,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        application_name: 'wayfarer-portal-monitor',
      });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query('SELECT 1');
      } finally {
        await client.end().catch(() => {});
      }
      return {
        reachable: true,
        sizeBytes: Number(stats.size),
        connections: stats.connections,
      };
    } catch (error) {
      const mapped = this.mapError(error);
      return { reachable: false, message: mapped.message };
    }
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => {});
  }

  private async alterOurRole(target: ProvisionTarget, clause: string) {
    await this.withClient(async client => {
      const comment = await this.roleComment(client, target.roleName);
      this.assertOurs(comment, target, `the role ${target.roleName}`);
      await client.query(
        `ALTER ROLE ${escapeIdentifier(target.roleName)} WITH ${clause}`,
      );
    });
  }

  private assertOurs(
    comment: string | undefined,
    target: ProvisionTarget,
    what: string,
  ) {
    if (comment === undefined) {
      throw new ProvisioningRefusedError(
        `${capitalize(what)} does not exist on ${
          this.where
        }; it may have been removed by hand.`,
      );
    }
    if (comment !== portalMarker(target.databaseId)) {
      throw new ProvisioningRefusedError(
        `${capitalize(what)} already exists on ${
          this.where
        } and was not made by the portal for this database; choose another name.`,
      );
    }
  }

  private async roleComment(client: PoolClient | Client, roleName: string) {
    const { rows } = await client.query(
      `SELECT coalesce(shobj_description(oid, 'pg_authid'), '') AS comment FROM pg_roles WHERE rolname = $1`,
      [roleName],
    );
    return rows.length ? (rows[0].comment as string) : undefined;
  }

  private async databaseOwner(
    client: PoolClient | Client,
    databaseName: string,
  ) {
    const { rows } = await client.query(
      'SELECT r.rolname AS owner FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = $1',
      [databaseName],
    );
    return rows.length ? (rows[0].owner as string) : undefined;
  }

  private async transaction<T>(
    fn: (client: PoolClient) => Promise<T>,
  ): Promise<T> {
    return this.withClient(async client => {
      await client.query('BEGIN');
      try {
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
  }

  private async withClient<T>(
    fn: (client: PoolClient) => Promise<T>,
  ): Promise<T> {
    const releaseSlot = await this.slots.acquire();
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      releaseSlot();
      throw this.mapError(error);
    }
    try {
      if (!this.preflight) {
        this.preflight = this.checkProvisioningRole(client);
        this.preflight.catch(() => {
          this.preflight = undefined;
        });
      }
      await this.preflight;
      return await fn(client);
    } catch (error) {
      throw this.mapError(error);
    } finally {
      client.release();
      releaseSlot();
    }
  }

  /** The portal provisions only as a non-superuser with exactly the rights it needs. */
  private async checkProvisioningRole(client: PoolClient) {
    const { rows } = await client.query(
      'SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user',
    );
    const role = rows[0];
    if (role?.rolsuper) {
      throw new ProvisioningRefusedError(
        `The portal connects to ${this.where} as the superuser ${this.options.user}; it provisions only as a role with CREATEROLE and CREATEDB that is not a superuser. Create one (see the databases plugin README) and configure it in databases.targets.${this.options.environment}.connection.`,
      );
    }
    if (!role?.rolcreaterole || !role?.rolcreatedb) {
      throw new ProvisioningRefusedError(
        `The role ${this.options.user} on ${this.where} needs CREATEROLE and CREATEDB to provision databases (ALTER ROLE ${this.options.user} CREATEROLE CREATEDB).`,
      );
    }
  }

  /** Turns driver errors into sentences; never includes SQL text or credentials. */
  private mapError(error: unknown): Error {
    if (
      error instanceof TargetUnavailableError ||
      error instanceof ProvisioningRefusedError
    ) {
      return error;
    }
    const code = (error as { code?: string }).code ?? '';
    const message = (error as Error)?.message ?? String(error);
    if (
      UNAVAILABLE_CODES.has(code) ||
      code.startsWith('08') ||
      /timeout/i.test(message)
    ) {
      const reason =
        code === 'ECONNREFUSED'
          ? 'connection refused'
          : code === 'ENOTFOUND'
          ? 'unknown host'
          : /timeout/i.test(message)
          ? 'timed out'
          : 'not available';
      return new TargetUnavailableError(
        `Cannot reach ${this.where} (${reason}).`,
      );
    }
    if (code === '28P01' || code === '28000') {
      return new ProvisioningRefusedError(
        `The portal cannot sign in to ${this.where} as ${this.options.user}; check databases.targets.${this.options.environment}.connection.`,
      );
    }
    if (code === '42501') {
      return new ProvisioningRefusedError(
        `The role ${this.options.user} on ${this.where} is not allowed to do this (${message}).`,
      );
    }
    return error instanceof Error ? error : new Error(message);
  }
}

function capitalize(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
