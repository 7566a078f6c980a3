/*
 * Runs one dashboard call against a database the benchmark kept (BENCH_KEEP=1), then
 * runs each of its SQL statements again, one at a time, under EXPLAIN ANALYZE: the
 * benchmark's timings overlap (a dashboard's queries run concurrently), these do not,
 * so they show where the CPU goes. A statement planned with parallel workers is also
 * timed without them. PostgreSQL only.
 *   BENCH_DATABASE=devex_bench_<n> [EXPLAIN_PATH=/dashboards/organization?window=90] [EXPLAIN_PLANS=3]
 */
import knexFactory from 'knex';
import os from 'node:os';
import { Client } from 'pg';
import request from 'supertest';
import { startApi } from './runBenchmark';

const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const PATH = process.env.EXPLAIN_PATH ?? '/dashboards/organization?window=90';
const PLANS = Number(process.env.EXPLAIN_PLANS ?? 3);

async function main() {
  const name = process.env.BENCH_DATABASE;
  if (!name || !/^devex_bench_\d+$/.test(name))
    throw new Error('Set BENCH_DATABASE to a kept devex_bench_<n> database');
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const db = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 1, max: 10 },
  });
  const server = await startApi(db);
  try {
    const statements: Array<{ sql: string; bindings: unknown[] }> = [];
    const onQuery = (q: any) =>
      statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
    await request(server).get(`/api/devex${PATH}`); // warm-up
    db.on('query', onQuery);
    const res = await request(server).get(`/api/devex${PATH}`);
    db.off('query', onQuery);
    if (res.status !== 200) throw new Error(`${PATH} answered ${res.status}`);
    const timed: Array<{
      ms: number;
      pages: number;
      rows: number;
      sql: string;
      plan: string;
      serial: string;
    }> = [];
    // Statements as pg received them ($1 placeholders), so through pg itself.
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    // Queries only: not the BEGIN / SET LOCAL / COMMIT around a statement run without workers.
    for (const s of statements.filter(st => /^\s*(select|with)\b/i.test(st.sql))) {
      const result = await client.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`,
        s.bindings as any[],
      );
      const plan = result.rows.map((r: any) => r['QUERY PLAN']).join('\n');
      const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
      // The plan's top node's pages (hit and read): the work done, whatever the load.
      const buffers = /Buffers: shared((?: \w+=\d+)+)/.exec(plan)?.[1] ?? '';
      const pages = [...buffers.matchAll(/(hit|read)=(\d+)/g)].reduce(
        (t, m) => t + Number(m[2]),
        0,
      );
      // Rows the table and index scans returned: the rows the statement had to go through.
      const rows = plan
        .split('\n')
        .filter(
          line =>
            /Scan/.test(line) &&
            !/Subquery Scan|CTE Scan|Bitmap Index Scan/.test(line),
        )
        .map(line => /actual time=\S+ rows=(\d+) loops=(\d+)/.exec(line))
        .reduce((t, m) => t + (m ? Number(m[1]) * Number(m[2]) : 0), 0);
      // A statement PostgreSQL runs with parallel workers: how long it takes without them.
      let serial = '';
      if (/Workers Launched: [1-9]/.test(plan)) {
        await client.query('SET max_parallel_workers_per_gather = 0');
        const again = await client.query(`EXPLAIN (ANALYZE) ${s.sql}`, s.bindings as any[]);
        await client.query('RESET max_parallel_workers_per_gather');
        const plain = again.rows.map((r: any) => r['QUERY PLAN']).join('\n');
        serial = ` (parallel; ${/Execution Time: ([\d.]+) ms/.exec(plain)?.[1]} ms without workers)`;
      }
      timed.push({ ms, pages, rows, sql: s.sql.replace(/\s+/g, ' '), plan, serial });
    }
    await client.end();
    timed.sort((a, b) => b.ms - a.ms);
    const total = timed.reduce((t, x) => t + x.ms, 0);
    const pages = timed.reduce((t, x) => t + x.pages, 0);
    const rows = timed.reduce((t, x) => t + x.rows, 0);
    process.stdout.write(
      `${PATH}: ${timed.length} statements, ${total.toFixed(
        1,
      )} ms executing one after another, ${rows} rows scanned, ${pages} pages (load ${os
        .loadavg()[0]
        .toFixed(2)})\n`,
    );
    for (const t of timed) {
      process.stdout.write(
        `${t.ms.toFixed(1).padStart(8)} ms ${String(t.rows).padStart(
          8,
        )} rows ${String(t.pages).padStart(7)} pages  ${t.sql.slice(0, 160)}${t.serial}\n`,
      );
    }
    for (const t of timed.slice(0, PLANS))
      process.stdout.write(`\n${t.sql}\n${t.plan}\n`);
  } finally {
    server.close();
    await db.destroy();
  }
}

main().catch(error => {
  process.stderr.write(`${String(error?.stack ?? error).slice(0, 2000)}\n`);
  process.exit(1);
});
