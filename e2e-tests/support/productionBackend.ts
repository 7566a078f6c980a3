import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

const REPO_ROOT = resolve(__dirname, '../..');
const POSTGRES_URL = new URL(
  process.env.PORTAL_TEST_POSTGRES_URL ??
    'postgresql://postgres@127.0.0.1:5432',
);

/** A built backend started the way production starts it, with its output kept. */
export type ProductionBackend = {
  baseUrl: string;
  apiToken: string;
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
};

export type ProductionBackendOptions = {
  port: number;
  /** Isolates this run's plugin databases (backstage_plugin_<id> gets this prefix). */
  databasePrefix: string;
  /** Environment overrides, e.g. a wrong POSTGRES_PORT. */
  env?: Record<string, string>;
  /** Configuration layered last, e.g. a benchmark's catalog database. */
  config?: Record<string, unknown>;
};

export function uniqueDatabasePrefix(): string {
  return `smoke_${randomBytes(4).toString('hex')}_`;
}

/**
 * Starts `node packages/backend --config app-config.yaml --config
 * app-config.production.yaml` plus a small overlay for the port, a database prefix
 * and a static API token, with the environment production documents.
 */
export function startProductionBackend(
  options: ProductionBackendOptions,
): ProductionBackend {
  const baseUrl = `http://localhost:${options.port}`;
  const apiToken = randomBytes(24).toString('hex');
  const overlayDir = mkdtempSync(join(tmpdir(), 'portal-smoke-'));
  const overlay = join(overlayDir, 'app-config.smoke.yaml');
  writeFileSync(
    overlay,
    JSON.stringify({
      backend: {
        listen: `:${options.port}`,
        database: { prefix: options.databasePrefix },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: apiToken, subject: 'smoke-test' },
            },
          ],
        },
      },
    }),
  );
  const extraConfig: string[] = [];
  if (options.config) {
    const file = join(overlayDir, 'app-config.extra.yaml');
    writeFileSync(file, JSON.stringify(options.config));
    extraConfig.push('--config', file);
  }
  let output = '';
  const child = spawn(
    process.execPath,
    [
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
      '--config',
      overlay,
      ...extraConfig,
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORTAL_BASE_URL: baseUrl,
        PORTAL_DATA_DIR: overlayDir,
        POSTGRES_HOST: POSTGRES_URL.hostname,
        POSTGRES_PORT: POSTGRES_URL.port || '5432',
        POSTGRES_USER: decodeURIComponent(POSTGRES_URL.username),
        POSTGRES_PASSWORD: decodeURIComponent(POSTGRES_URL.password),
        AUTH_GITHUB_CLIENT_ID: 'smoke-test-client',
        AUTH_GITHUB_CLIENT_SECRET: 'smoke-test-secret',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));
  const exited = new Promise<number | null>(resolveExit =>
    child.once('exit', code => resolveExit(code)),
  );
  return {
    baseUrl,
    apiToken,
    process: child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(overlayDir, { recursive: true, force: true });
    },
  };
}

/** Polls the readiness endpoint until it answers 200, or the backend exits. */
export async function waitUntilReady(
  backend: ProductionBackend,
  timeoutMs = 150_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  backend.exited.then(code => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `backend on ${
          backend.baseUrl
        } exited with ${exitCode}:\n${backend.output()}`,
      );
    }
    try {
      const res = await fetch(
        `${backend.baseUrl}/.backstage/health/v1/readiness`,
      );
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `backend on ${backend.baseUrl} was not ready in ${
      timeoutMs / 1000
    } s:\n${backend.output()}`,
  );
}

/** Drops the plugin databases created under a prefix by the smoke tests. */
export async function dropDatabases(prefix: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_URL.toString() });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
