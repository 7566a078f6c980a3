/*
 * Starts and stops the benchmark backend (benchBackend.ts) in its own process with the
 * configuration of one variant on one database, and creates and drops its databases.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { Client } from 'pg';

export type BenchDatabase = 'postgres' | 'sqlite';
export type BenchVariant = 'stock' | 'ours';

const REPO = path.resolve(__dirname, '../..');

export function postgresUrl(): string {
  return (
    process.env.PORTAL_BENCH_POSTGRES_URL ??
    'postgresql://postgres@127.0.0.1:5432'
  );
}

function adminClient(): Client {
  const url = new URL(postgresUrl());
  url.pathname = '/postgres';
  return new Client({ connectionString: url.toString() });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function deepMerge(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(source)) {
    out[key] =
      isPlainObject(value) && isPlainObject(out[key])
        ? deepMerge(out[key] as Record<string, unknown>, value)
        : value;
  }
  return out;
}

function readRepoConfig(file: string): Record<string, any> {
  return (yaml.load(fs.readFileSync(path.join(REPO, file), 'utf8')) ??
    {}) as Record<string, any>;
}

/**
 * The catalog settings the portal ships, read from its own configuration files so the
 * benchmark measures exactly them: app-config.yaml for SQLite (local development), and
 * app-config.yaml + app-config.production.yaml for PostgreSQL. Locations and providers
 * are left out; the benchmark brings its own source.
 */
export function portalCatalogSettings(database: BenchDatabase): {
  catalog: Record<string, unknown>;
  catalogDatabase: Record<string, unknown>;
} {
  let config = readRepoConfig('app-config.yaml');
  if (database === 'postgres') {
    config = deepMerge(config, readRepoConfig('app-config.production.yaml'));
  }
  const {
    locations: _l,
    providers: _p,
    import: _i,
    ...catalog
  } = config.catalog ?? {};
  return {
    catalog,
    catalogDatabase: config.backend?.database?.plugin?.catalog ?? {},
  };
}

export interface BenchBackendOptions {
  variant: BenchVariant;
  database: BenchDatabase;
  workDir: string;
  /** Prefix of the PostgreSQL databases, or name of the SQLite directory. */
  instance: string;
  /** The port the benchmark calls; replica i > 0 listens on port + i. */
  port: number;
  /** Which of the variant's backend processes this is; 0 serves the timed calls. */
  replica?: number;
  sourceFile: string;
  /** Extra configuration layered on top, e.g. to switch processing off. */
  overrides?: Record<string, unknown>;
}

export function benchConfig(
  options: BenchBackendOptions,
): Record<string, unknown> {
  const { variant, database, workDir, instance, port, sourceFile } = options;
  const baseUrl = `http://localhost:${port}`;
  const portal = readRepoConfig('app-config.yaml');
  const settings = portalCatalogSettings(database);
  const databaseConfig =
    database === 'postgres'
      ? {
          client: 'pg',
          connection: postgresUrl(),
          prefix: `${instance}_`,
          ...(variant === 'ours'
            ? { plugin: { catalog: settings.catalogDatabase } }
            : {}),
        }
      : {
          client: 'better-sqlite3',
          connection: { directory: path.join(workDir, instance) },
          ...(variant === 'ours'
            ? { plugin: { catalog: settings.catalogDatabase } }
            : {}),
        };
  const catalog =
    variant === 'stock'
      ? {
          // The portal's catalog before issue #7: Backstage's defaults and a file location.
          rules: portal.catalog?.rules,
          locations: [{ type: 'file', target: sourceFile }],
        }
      : {
          ...settings.catalog,
          providers: {
            entityFiles: {
              bench: {
                path: sourceFile,
                schedule: {
                  frequency: { seconds: 10 },
                  timeout: { minutes: 10 },
                },
              },
            },
          },
        };
  const config = {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port: port + (options.replica ?? 0) },
      database: databaseConfig,
    },
    auth: {
      environment: 'development',
      providers: {
        guest: {
          userEntityRef: 'user:default/guest',
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
    permission: { enabled: true },
    portal: portal.portal,
    catalog,
  };
  return deepMerge(config, options.overrides ?? {});
}

/** A running benchmark backend. */
export class BenchBackend {
  private exited = false;
  private constructor(
    private readonly child: ChildProcess,
    readonly startedAt: number,
  ) {
    child.on('exit', () => {
      this.exited = true;
    });
  }

  static start(
    options: BenchBackendOptions & { logFile: string },
  ): BenchBackend {
    const configFile = path.join(
      options.workDir,
      `${options.instance}-${options.replica ?? 0}-${Date.now()}.yaml`,
    );
    fs.writeFileSync(configFile, yaml.dump(benchConfig(options)));
    // The backend runs outside the monorepo: it collects configuration schemas from the
    // workspace of its working directory, and work in progress elsewhere in the
    // repository must not stop a benchmark.
    const cwd = path.join(options.workDir, 'cwd');
    fs.mkdirSync(cwd, { recursive: true });
    fs.writeFileSync(
      path.join(cwd, 'package.json'),
      JSON.stringify({ name: 'catalog-bench-runtime', private: true }),
    );
    const log = fs.openSync(options.logFile, 'a');
    const startedAt = Date.now();
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.join(__dirname, 'benchBackend.ts'),
        '--config',
        configFile,
      ],
      {
        cwd,
        env: { ...process.env, BENCH_VARIANT: options.variant },
        stdio: ['ignore', log, log],
      },
    );
    fs.closeSync(log);
    return new BenchBackend(child, startedAt);
  }

  get running(): boolean {
    return !this.exited;
  }

  /**
   * Starts the first of `replicas` backend processes of one variant; `startOthers`
   * starts the rest on the same databases once the first is ready. That is how the
   * Kubernetes Deployment runs the portal: every replica runs the catalog's processing
   * loop, stitcher and entity providers (they claim work through the database). The
   * first serves the benchmark's calls. The others wait, as the portal's replicas do
   * (packages/backend acquireStartupLock): Backstage's catalog does not start while
   * another process holds its migration lock (MigrationLocked).
   */
  static startReplicas(
    options: BenchBackendOptions & { logFile: string },
    replicas: number,
  ): BenchBackends {
    const start = (replica: number) =>
      BenchBackend.start({
        ...options,
        replica,
        logFile:
          replica === 0
            ? options.logFile
            : options.logFile.replace(/\.log$/, `-${replica}.log`),
      });
    return new BenchBackends([start(0)], () =>
      Array.from({ length: replicas - 1 }, (_, i) => start(i + 1)),
    );
  }

  /** CPU seconds the backend process has used so far (user + system). */
  cpuSeconds(): number {
    try {
      const stat = fs.readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return NaN;
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>(resolve =>
      this.child.once('exit', () => resolve()),
    );
    this.child.kill('SIGINT');
    const timeout = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timeout);
  }
}

/** The backend processes of one variant, started and stopped together. */
export class BenchBackends {
  constructor(
    private readonly backends: BenchBackend[],
    private readonly others: () => BenchBackend[] = () => [],
  ) {}

  /** Starts the other replicas (once the first has migrated the databases). */
  startOthers(): void {
    this.backends.push(...this.others());
  }

  get startedAt(): number {
    return this.backends[0].startedAt;
  }

  get running(): boolean {
    return this.backends.every(b => b.running);
  }

  get count(): number {
    return this.backends.length;
  }

  /** CPU seconds all processes have used so far. */
  cpuSeconds(): number {
    return this.backends.reduce((sum, b) => sum + b.cpuSeconds(), 0);
  }

  async stop(): Promise<void> {
    await Promise.all(this.backends.map(b => b.stop()));
  }
}

/**
 * CPU seconds used so far by the PostgreSQL server processes that serve an instance's
 * databases (those still connected: a lower bound once pools close connections).
 */
export function postgresCpuSeconds(instance: string): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres:') || !cmd.includes(instance)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return total;
}

/** Busy CPU seconds of the whole machine since boot, all cores together. */
export function machineCpuSeconds(): number {
  try {
    const [, ...ticks] = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .map(Number);
    const idle = ticks[3] + ticks[4];
    return (ticks.reduce((a, b) => a + b, 0) - idle) / 100;
  } catch {
    return NaN;
  }
}

/** Drops the PostgreSQL databases of one benchmark instance. */
export async function dropPostgresDatabases(instance: string): Promise<void> {
  const client = adminClient();
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${instance}\\_%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

/** Whether PostgreSQL answers at the benchmark's address. */
export async function postgresAvailable(): Promise<boolean> {
  const client = adminClient();
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
