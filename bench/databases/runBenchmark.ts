/*
 * Databases on request, measured through the HTTP API of the real portal backend
 * (packages/backend, started here on port 7047 with bench/databases/app-config.bench.yaml):
 * 50 requests at concurrency 10, each timed from POST /requests to credentials that open a
 * session. Prints median, p95, failures and orphans (roles or databases on the server that no
 * active database owns), and a baseline: the same provisioning done directly with pg.
 * It asserts nothing.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, escapeIdentifier } from 'pg';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
// How often a client asks for its request's status (the portal's own page asks every 2 s).
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 100);
const ADMIN_URL =
  process.env.PORTAL_TEST_POSTGRES_URL ??
  'postgresql://postgres@127.0.0.1:5432';
const REPO = path.resolve(__dirname, '../..');
const BASE = 'http://localhost:7047';
const PORTAL_LOG = path.join(os.tmpdir(), 'databases-bench-portal.log');
const PREFIX = `bench${Date.now().toString(36)}_`;

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function admin<T>(fn: (c: Client) => Promise<T>) {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function pool<T>(
  items: T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        await fn(item);
      }
    }),
  );
}

async function startPortal(dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../bench/databases/app-config.bench.yaml',
    ],
    {
      cwd: path.join(REPO, 'packages/backend'),
      env: {
        ...process.env,
        PORTAL_DATA_DIR: dataDir,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
      },
      // The backend logs to stdout; keep its warnings and errors for a look after the run.
      stdio: ['ignore', fs.openSync(PORTAL_LOG, 'w'), 'inherit'],
      detached: true,
    },
  );
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(`${BASE}/.backstage/health/v1/readiness`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null)
      throw new Error('The portal backend exited during start-up.');
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error('The portal backend did not become ready in 4 minutes.');
}

async function signInAsGuest(): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`Guest sign-in failed: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

async function api(token: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${BASE}/api/databases${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok)
    throw new Error(`${method} ${url}: ${res.status} ${json.error?.message}`);
  return json;
}

async function throughPortal(token: string) {
  const times: number[] = [];
  const serverTimes: number[] = [];
  const submitTimes: number[] = [];
  let failures = 0;
  await pool([...Array(REQUESTS).keys()], CONCURRENCY, async i => {
    const started = performance.now();
    try {
      const request = await api(token, 'POST', '/requests', {
        component: 'component:default/checkout-service',
        name: `${PREFIX}p${i}`,
        environment: 'development',
        size: 'small',
      });
      submitTimes.push(performance.now() - started);
      let current = request;
      const messages = new Set<string>();
      while (!['completed', 'failed', 'denied'].includes(current.status)) {
        await new Promise(r => setTimeout(r, POLL_MS));
        current = await api(token, 'GET', `/requests/${request.id}`);
        if (current.statusMessage) messages.add(current.statusMessage);
      }
      const status = current.status;
      if (current.completedAt) {
        serverTimes.push(
          Date.parse(current.completedAt) - Date.parse(current.requestedAt),
        );
      }
      if (messages.size)
        console.error(`  request ${i}: ${[...messages].join(' | ')}`);
      if (status !== 'completed') {
        const why = [
          ...(current.verdict?.reasons ?? []),
          ...(current.statusMessage
            ? [{ message: current.statusMessage }]
            : []),
        ].map((r: { message: string }) => r.message);
        throw new Error(`request ${status}: ${why.join(' ')}`);
      }
      const credentials = await api(
        token,
        'POST',
        `/databases/${request.databaseId}/credentials`,
        {},
      );
      const client = new Client({
        host: credentials.host,
        port: credentials.port,
        user: credentials.username,
        password: credentials.password,
        database: credentials.database,
      });
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      times.push(performance.now() - started);
    } catch (error) {
      failures++;
      const cause = (error as { cause?: unknown }).cause;
      console.error(
        `  request ${i} failed: ${(error as Error).message}${
          cause ? ` (${cause})` : ''
        }`,
      );
    }
  });
  return { times, serverTimes, submitTimes, failures };
}

async function directBaseline() {
  const times: number[] = [];
  await pool([...Array(REQUESTS).keys()], CONCURRENCY, async i => {
    const started = performance.now();
    const role = `${PREFIX}b${i}_owner`;
    const db = `${PREFIX}b${i}`;
    await admin(async c => {
      await c.query(
        `CREATE ROLE ${escapeIdentifier(
          role,
        )} LOGIN PASSWORD 'x' CONNECTION LIMIT 20`,
      );
      await c.query(
        `CREATE DATABASE ${escapeIdentifier(db)} OWNER ${escapeIdentifier(
          role,
        )}`,
      );
      await c.query(
        `REVOKE ALL ON DATABASE ${escapeIdentifier(db)} FROM PUBLIC`,
      );
    });
    const client = new Client({
      connectionString: ADMIN_URL.replace(/\/?$/, ''),
    });
    await client.connect();
    await client.end();
    times.push(performance.now() - started);
  });
  return times;
}

async function orphans() {
  return admin(async c => {
    const roles = (
      await c.query(
        "SELECT rolname FROM pg_roles WHERE rolname LIKE $1 || 'p%'",
        [PREFIX],
      )
    ).rows.map(r => r.rolname as string);
    const dbs = (
      await c.query(
        "SELECT datname FROM pg_database WHERE datname LIKE $1 || 'p%'",
        [PREFIX],
      )
    ).rows.map(r => r.datname as string);
    const expected = new Set(
      [...Array(REQUESTS).keys()].flatMap(i => [
        `${PREFIX}p${i}_dev`,
        `${PREFIX}p${i}_dev_owner`,
      ]),
    );
    return (
      [...roles, ...dbs].filter(name => !expected.has(name)).length +
      // a database without its role or the reverse is an orphan too
      Math.abs(roles.length - dbs.length)
    );
  });
}

async function cleanUp() {
  await admin(async c => {
    for (const { datname } of (
      await c.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
        `${PREFIX}%`,
      ])
    ).rows) {
      await c.query(
        `DROP DATABASE IF EXISTS ${escapeIdentifier(datname)} WITH (FORCE)`,
      );
    }
    for (const { rolname } of (
      await c.query('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [
        `${PREFIX}%`,
      ])
    ).rows) {
      await c.query(`DROP ROLE IF EXISTS ${escapeIdentifier(rolname)}`);
    }
  });
}

async function main() {
  await admin(async c => {
    const { rows } = await c.query(
      "SELECT 1 FROM pg_roles WHERE rolname = 'wayfarer_bench_provisioner'",
    );
    await c.query(
      `${
        rows.length ? 'ALTER' : 'CREATE'
      } ROLE wayfarer_bench_provisioner WITH LOGIN CREATEROLE CREATEDB NOSUPERUSER PASSWORD 'bench-provisioner'`,
    );
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'databases-bench-'));
  console.log(
    `Starting the portal backend on ${BASE} (data in ${dataDir}) ...`,
  );
  const portal = await startPortal(dataDir);
  try {
    const token = await signInAsGuest();
    // The guest's team ownership comes from the catalog, which reads the demo org first.
    for (let i = 0; ; i++) {
      const res = await fetch(`${BASE}/api/databases/requests/dry-run`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await signInAsGuest()}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          component: 'component:default/checkout-service',
          name: `${PREFIX}warm`,
          environment: 'development',
          size: 'small',
        }),
      });
      if (res.ok) break;
      if (i > 120)
        throw new Error(`The portal never accepted a dry run: ${res.status}`);
      await new Promise(r => setTimeout(r, 1000));
    }
    const fresh = await signInAsGuest();
    console.log(
      `${REQUESTS} requests at concurrency ${CONCURRENCY} through the HTTP API ...`,
    );
    const loadBefore = os.loadavg()[0];
    const portalRun = await throughPortal(fresh || token);
    const loadAfter = os.loadavg()[0];
    const orphanCount = await orphans();
    console.log(`Baseline: the same provisioning done directly with pg ...`);
    const baseline = await directBaseline();

    const med = percentile(portalRun.times, 50);
    const p95 = percentile(portalRun.times, 95);
    const bMed = percentile(baseline, 50);
    const bP95 = percentile(baseline, 95);
    console.log('');
    console.log('request -> usable credentials (through the portal)');
    console.log(`  median   ${med.toFixed(0)} ms`);
    console.log(`  p95      ${p95.toFixed(0)} ms   (target: under 3000 ms)`);
    console.log(`  failures ${portalRun.failures} of ${REQUESTS}`);
    console.log(
      `  of which the submit (POST /requests answered): median ${percentile(
        portalRun.submitTimes,
        50,
      ).toFixed(0)} ms, p95 ${percentile(portalRun.submitTimes, 95).toFixed(
        0,
      )} ms`,
    );
    console.log(
      `  of which provisioning (requested -> completed, server clock): median ${percentile(
        portalRun.serverTimes,
        50,
      ).toFixed(0)} ms, p95 ${percentile(portalRun.serverTimes, 95).toFixed(
        0,
      )} ms`,
    );
    console.log(`  orphans  ${orphanCount}`);
    console.log(
      'baseline: CREATE ROLE + CREATE DATABASE + REVOKE directly with pg',
    );
    console.log(`  median   ${bMed.toFixed(0)} ms   p95 ${bP95.toFixed(0)} ms`);
    console.log(`portal warnings and errors: ${PORTAL_LOG}`);
    console.log(
      `machine load (1-min average, ${
        os.cpus().length
      } CPUs): ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(
        1,
      )} after the portal run`,
    );
    console.log(
      `portal / direct: median ${(med / bMed).toFixed(1)}x, p95 ${(
        p95 / bP95
      ).toFixed(1)}x`,
    );
  } finally {
    process.kill(-portal.pid!, 'SIGTERM');
    await new Promise(r => setTimeout(r, 3000));
    try {
      process.kill(-portal.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await cleanUp();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
