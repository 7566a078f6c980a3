/*
 * DevEx dashboards benchmark: loads 1,000,000 deployments and 50,000 incidents for 500
 * services (see generateLoad.ts) into PostgreSQL and SQLite, then times the
 * organization, team and component dashboard API calls through the plugin's own router
 * (HTTP, JSON, permission check) for each window. Prints medians and p95s against the
 * target (p95 under 200 ms on PostgreSQL); it asserts nothing.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { readDevexConfig } from '../../plugins/devex-backend/src/config';
import { DatabaseEventStore } from '../../plugins/devex-backend/src/database/DatabaseEventStore';
import { DatabaseFeedbackStore } from '../../plugins/devex-backend/src/database/DatabaseFeedbackStore';
import { DatabaseMetricsStore } from '../../plugins/devex-backend/src/database/DatabaseMetricsStore';
import { DatabasePlatformStore } from '../../plugins/devex-backend/src/database/DatabasePlatformStore';
import { applyDatabaseMigrations } from '../../plugins/devex-backend/src/database/migrations';
import { rebuildRollups } from '../../plugins/devex-backend/src/database/rollups';
import { advanceWindows } from '../../plugins/devex-backend/src/database/windowStats';
import { epochDay, systemClock } from '../../plugins/devex-backend/src/lib/time';
import { CostModel } from '../../plugins/devex-backend/src/service/CostModel';
import { DashboardService } from '../../plugins/devex-backend/src/service/DashboardService';
import { FeedbackService } from '../../plugins/devex-backend/src/service/FeedbackService';
import { IngestionService } from '../../plugins/devex-backend/src/service/IngestionService';
import { createRouter } from '../../plugins/devex-backend/src/service/router';
import { ScaffolderCollector } from '../../plugins/devex-backend/src/service/ScaffolderCollector';
import { ScaffolderTasks } from '../../plugins/devex-backend/src/service/ScaffolderTasks';
import { DEPLOYMENTS, generateLoad, INCIDENTS, SERVICES, serviceRef, TEAMS, teamRef } from './generateLoad';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = 5;
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const ENGINES = (process.env.BENCH_ENGINES ?? 'postgres,sqlite').split(',');
/** A PostgreSQL database an earlier run loaded and kept (BENCH_KEEP=1): timed again without loading. */
const REUSE = process.env.BENCH_DATABASE;

const log = (m: string) => process.stdout.write(`${m}\n`);

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

async function openDatabase(engine: string): Promise<{ db: Knex; cleanup: () => Promise<void>; loaded: boolean }> {
  if (engine === 'postgres' && REUSE) {
    if (!/^devex_bench_\d+$/.test(REUSE)) throw new Error(`BENCH_DATABASE must name a kept devex_bench_<n> database, not ${REUSE}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${REUSE}`;
    const db = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 2, max: 10 } });
    return { db, loaded: true, cleanup: () => db.destroy() };
  }
  if (engine === 'postgres') {
    const name = `devex_bench_${Date.now()}`;
    const admin = new Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    const db = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 2, max: 10 } });
    return {
      db,
      loaded: false,
      cleanup: async () => {
        await db.destroy();
        if (process.env.BENCH_KEEP) {
          log(`kept database ${name} (time it again with BENCH_DATABASE=${name})`);
          return;
        }
        const again = new Client({ connectionString: POSTGRES_URL });
        await again.connect();
        await again.query(`DROP DATABASE IF EXISTS ${name}`);
        await again.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devex-bench-'));
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'devex.sqlite') },
    useNullAsDefault: true,
  });
  return {
    db,
    loaded: false,
    cleanup: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const quietLogger: any = {
  info() {},
  warn() {},
  debug() {},
  error(message: string, error?: unknown) {
    process.stderr.write(`${message} ${error ?? ''}\n`);
  },
  child: () => quietLogger,
};

export async function startApi(db: Knex): Promise<http.Server> {
  const config = readDevexConfig(new ConfigReader({ devex: { cost: { budgets: [{ team: teamRef(0), monthlyUsd: 5000 }] } } }));
  const platform = DatabasePlatformStore.create(db);
  const auth = mockServices.auth();
  const tasks = new ScaffolderTasks(mockServices.discovery(), auth);
  const router = await createRouter({
    // Requests without a token are a signed-in user to the mock, as the browser's would be.
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    logger: quietLogger,
    ingestion: new IngestionService(DatabaseEventStore.create(db), catalogServiceMock(), auth, config.productionEnvironments, systemClock),
    dashboards: new DashboardService(
      DatabaseMetricsStore.create(db), platform, catalogServiceMock(), auth, new CostModel(config.cost), config, 'Bench', systemClock,
    ),
    feedback: new FeedbackService(
      DatabaseFeedbackStore.create(db), platform, tasks, new ScaffolderCollector(tasks, platform, quietLogger),
      mockServices.userInfo(), config, systemClock,
    ),
  });
  const app = express();
  app.use('/api/devex', router);
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, resolve));
  return server;
}

/** With BENCH_PROFILE=1: the slowest SQL statements of one call of each dashboard. */
async function profile(db: Knex, server: http.Server, path: string) {
  const started = new Map<string, bigint>();
  const timings: Array<{ ms: number; sql: string }> = [];
  const onQuery = (q: any) => started.set(q.__knexQueryUid, process.hrtime.bigint());
  const onResponse = (_r: unknown, q: any) => {
    const t0 = started.get(q.__knexQueryUid);
    if (t0) timings.push({ ms: Number(process.hrtime.bigint() - t0) / 1e6, sql: String(q.sql).replace(/\s+/g, ' ').slice(0, 160) });
  };
  db.on('query', onQuery).on('query-response', onResponse);
  await request(server).get(path);
  db.off('query', onQuery).off('query-response', onResponse);
  timings.sort((a, b) => b.ms - a.ms);
  log(`  ${path}: ${timings.length} queries`);
  for (const t of timings.slice(0, 6)) log(`    ${t.ms.toFixed(1).padStart(7)} ms  ${t.sql}`);
}

async function timeCalls(server: http.Server, paths: (run: number) => string): Promise<number[]> {
  const times: number[] = [];
  for (let run = -WARMUP; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    const res = await request(server).get(paths(run + WARMUP));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (res.status !== 200) {
      throw new Error(`GET ${paths(run + WARMUP)} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    if (run >= 0) times.push(ms);
  }
  return times.sort((a, b) => a - b);
}

async function main() {
  log(`DevEx dashboards benchmark: ${DEPLOYMENTS.toLocaleString('en-US')} deployments, ${INCIDENTS.toLocaleString('en-US')} incidents, ${SERVICES} services in ${TEAMS} teams, 365 days; ${RUNS} timed calls each`);
  const results: string[] = [];
  for (const engine of ENGINES) {
    log(`\n${engine}: loading ...`);
    const { db, cleanup, loaded } = await openDatabase(engine);
    try {
      await applyDatabaseMigrations(db);
      const loadStarted = Date.now();
      if (!loaded) {
        await generateLoad(db, Date.now(), log);
        log(`${engine}: loaded in ${((Date.now() - loadStarted) / 1000).toFixed(0)} s`);
      } else if (process.env.BENCH_REBUILD === '0') {
        log(`${engine}: reused ${REUSE} as it is (BENCH_REBUILD=0)`);
      } else {
        // Migrations added since the load may bring new rollups: build them all again.
        await rebuildRollups(db);
        await db.raw('ANALYZE');
        log(`${engine}: reused ${REUSE}, rollups rebuilt in ${((Date.now() - loadStarted) / 1000).toFixed(0)} s`);
      }
      // What the plugin's scheduled task does on start: the stored windows end yesterday.
      const windowsStarted = Date.now();
      const windows = await advanceWindows(db, epochDay(Date.now()) - 1);
      await db.raw('ANALYZE');
      log(`${engine}: dashboard windows ${windows} in ${((Date.now() - windowsStarted) / 1000).toFixed(1)} s`);
      const server = await startApi(db);
      try {
        if (process.env.BENCH_PROFILE) {
          await profile(db, server, '/api/devex/dashboards/organization?window=90');
          await profile(db, server, `/api/devex/dashboards/team/default/${teamRef(1).split('/')[1]}?window=90`);
          await profile(db, server, `/api/devex/dashboards/component/default/${serviceRef(7).split('/')[1]}?window=90`);
        }
        for (const window of [7, 30, 90]) {
          const targets: Array<[string, (run: number) => string]> = [
            ['organization', () => `/api/devex/dashboards/organization?window=${window}`],
            ['team', run => `/api/devex/dashboards/team/default/${teamRef(run % TEAMS).split('/')[1]}?window=${window}`],
            ['component', run => `/api/devex/dashboards/component/default/${serviceRef((run * 37) % SERVICES).split('/')[1]}?window=${window}`],
          ];
          for (const [name, paths] of targets) {
            const times = await timeCalls(server, paths);
            // The 1-minute load average as the timing ended: the machine is shared.
            const load = os.loadavg()[0].toFixed(2);
            const line = `${engine.padEnd(9)} ${name.padEnd(13)} ${String(window).padStart(3)} days   median ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms   max ${times[times.length - 1].toFixed(1).padStart(7)} ms   load ${load}`;
            log(line);
            results.push(line);
          }
        }
      } finally {
        server.close();
      }
    } finally {
      await cleanup();
    }
  }
  log(`\nSummary (target: p95 under 200 ms on PostgreSQL)\n${results.join('\n')}`);
}

// Only when run: explainDashboard.ts imports startApi from here.
if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`${String(error?.stack ?? error).slice(0, 2000)}\n`);
    process.exit(1);
  });
}
