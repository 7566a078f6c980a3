/*
 * Catalog benchmark: Backstage's catalog as the portal had it ("stock": defaults and a
 * file location) against the portal's catalog ("ours": the settings in app-config*.yaml
 * and the entity-files provider), on PostgreSQL and SQLite, with a generated
 * organization of N entities. For each it measures
 *   (a) the time from start until every entity and relation is readable through the API,
 *   (b) median and p95 of the calls the catalog page and entity page make, while the
 *       initial ingestion runs, during steady processing (the source changes every
 *       20 s), and at rest (processing switched off),
 * checks that the catalog serves exactly the source, and prints the ratios. It asserts
 * nothing. See README.md.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import type { Entity } from '@backstage/catalog-model';
import {
  churnSyntheticOrganization,
  expectedRelations,
  generateSyntheticOrganization,
} from '@internal/backend-test-kit';
import { CatalogApiClient, sleep } from './catalogApi';
import {
  BenchBackend,
  BenchBackends,
  BenchDatabase,
  BenchVariant,
  dropPostgresDatabases,
  machineCpuSeconds,
  postgresAvailable,
  postgresCpuSeconds,
} from './benchServer';
import { CallTiming, createPageCalls, sampleCalls } from './pageCalls';
import {
  countGeneratedEntities,
  relationsComplete,
  Verification,
  verifyCatalog,
} from './verifyCatalog';

interface Options {
  size: number;
  databases: BenchDatabase[];
  variants: BenchVariant[];
  iterations: number;
  stockCapMinutes: number;
  oursCapMinutes: number;
  port: number;
  keep: boolean;
  /** Stop after the initial ingestion: no steady, rest or verification phase. */
  ingestOnly: boolean;
  /** Backend processes sharing the databases, per variant (the first serves the calls). */
  replicas: Record<BenchVariant, number>;
  /** Configuration layered on the ours variant, to measure what one setting moves. */
  oursConfig?: Record<string, unknown>;
}

/**
 * One backend process by default. deploy/kubernetes runs two or more replicas, each
 * with its own CPU; on this benchmark's two shared cores a second process competes with
 * the first and with PostgreSQL, and ingested 10,000 entities more slowly (README.md).
 */
const OURS_REPLICAS = 1;

function replicaCount(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 8) {
    throw new Error(`replicas must be a whole number from 1 to 8, got ${raw}`);
  }
  return n;
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const large = argv.includes('--large');
  const size = Number(value('--size') ?? (large ? 100_000 : 10_000));
  if (!Number.isInteger(size) || size < 100) {
    throw new Error(
      `--size must be a whole number of at least 100, got ${value('--size')}`,
    );
  }
  const list = <T extends string>(flag: string, all: T[]): T[] => {
    const raw = value(flag);
    if (!raw) return all;
    const items = raw.split(',') as T[];
    for (const item of items) {
      if (!all.includes(item)) {
        throw new Error(`${flag} takes ${all.join(', ')}; got ${item}`);
      }
    }
    return items;
  };
  return {
    size,
    databases: list<BenchDatabase>('--databases', ['postgres', 'sqlite']),
    variants: list<BenchVariant>('--variants', ['stock', 'ours']),
    iterations: Number(value('--iterations') ?? 30),
    // Stock needs over an hour for 100,000 entities; the run stops it and projects.
    stockCapMinutes: Number(
      value('--stock-minutes') ?? (size > 20_000 ? 15 : 30),
    ),
    oursCapMinutes: Number(value('--ours-minutes') ?? 30),
    port: Number(value('--port') ?? 7107),
    keep: argv.includes('--keep'),
    ingestOnly: argv.includes('--ingest-only'),
    replicas: {
      stock: replicaCount(value('--stock-replicas') ?? '1'),
      ours: replicaCount(value('--ours-replicas') ?? String(OURS_REPLICAS)),
    },
    oursConfig: value('--ours-config')
      ? (yaml.load(fs.readFileSync(value('--ours-config')!, 'utf8')) as Record<
          string,
          unknown
        >)
      : undefined,
  };
}

interface Sample {
  /** Entities readable when the sample started. */
  readable: number;
  timings: CallTiming[];
}

interface ScenarioResult {
  database: BenchDatabase;
  variant: BenchVariant;
  readySeconds?: number;
  readable: number;
  elapsedSeconds: number;
  entitiesPerSecond: number;
  backendCpuSeconds: number;
  /** CPU seconds of the PostgreSQL processes serving the variant (lower bound). */
  postgresCpuSeconds: number;
  /** Busy CPU seconds of the machine during the ingestion, all processes. */
  machineCpuSeconds: number;
  /** Backend processes that shared the database. */
  replicas: number;
  load: number;
  ingest?: Sample;
  steady?: Sample & { churnRounds: number; lastRoundSeconds?: number };
  rest?: Sample;
  verification?: Verification;
  error?: string;
}

const loadAverage = () => os.loadavg()[0];

/** Whether nothing listens on the port, so the timed calls reach our own backend. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** Stops the running backend and drops its databases when the run is interrupted. */
let cleanup: () => Promise<void> = async () => {};

function writeSource(file: string, entities: Entity[]) {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(
    tmp,
    entities.map(e => yaml.dump(e, { noRefs: true })).join('---\n'),
  );
  fs.renameSync(tmp, file);
}

/** Waits until every changed, added and removed entity of a churn round shows. */
async function churnApplied(
  api: CatalogApiClient,
  entities: Entity[],
  relations: string[],
  churn: { changed: string[]; removed: string[]; added: string[] },
): Promise<boolean> {
  const byRef = new Map(
    entities.map(e => [
      `${e.kind}:default/${e.metadata.name}`.toLowerCase(),
      e,
    ]),
  );
  const refs = [...churn.changed, ...churn.added, ...churn.removed];
  const { items } = await api.post<{ items: (Entity | null)[] }>(
    '/entities/by-refs',
    { entityRefs: refs, fields: ['metadata.description'] },
  );
  const ok = refs.every((ref, i) => {
    const wanted = byRef.get(ref);
    const served = items[i];
    if (!wanted) return served === null;
    return served?.metadata.description === wanted.metadata.description;
  });
  return ok && (await relationsComplete(api, relations)).complete;
}

async function runScenario(
  options: Options,
  database: BenchDatabase,
  variant: BenchVariant,
  workDir: string,
  initial: Entity[],
): Promise<ScenarioResult> {
  const instance = `catbench_${process.pid}_${
    database === 'postgres' ? 'pg' : 'sq'
  }_${variant}`;
  const sourceFile = path.join(workDir, `${instance}-org.yaml`);
  const logFile = path.join(workDir, `${instance}.log`);
  writeSource(sourceFile, initial);
  const capMs =
    (variant === 'stock' ? options.stockCapMinutes : options.oursCapMinutes) *
    60_000;
  const api = new CatalogApiClient(`http://localhost:${options.port}`);
  const base = {
    variant,
    database,
    workDir,
    instance,
    port: options.port,
    sourceFile,
    logFile,
    overrides: variant === 'ours' ? options.oursConfig : undefined,
  };
  const loads: number[] = [loadAverage()];
  const result: ScenarioResult = {
    database,
    variant,
    readable: 0,
    elapsedSeconds: 0,
    entitiesPerSecond: 0,
    backendCpuSeconds: 0,
    postgresCpuSeconds: 0,
    machineCpuSeconds: 0,
    replicas: 1,
    load: 0,
  };
  const say = (m: string) => console.log(`  [${database} ${variant}] ${m}`);

  if (database === 'postgres') await dropPostgresDatabases(instance);
  const machineAtStart = machineCpuSeconds();
  const replicas = options.replicas[variant];
  if (replicas > 1 && database === 'sqlite') {
    say('SQLite is a file of one process: one backend, not replicas');
  }
  const processes = database === 'sqlite' ? 1 : replicas;
  for (let i = 0; i < processes; i++) {
    if (!(await portIsFree(options.port + i))) {
      throw new Error(
        `Port ${
          options.port + i
        } is in use; stop what listens there or pass --port.`,
      );
    }
  }
  const replicaSet = BenchBackend.startReplicas(base, processes);
  let backend: BenchBackends | BenchBackend = replicaSet;
  result.replicas = processes;
  cleanup = async () => {
    await backend.stop();
    if (database === 'postgres' && !options.keep)
      await dropPostgresDatabases(instance);
  };
  try {
    await api.waitUntilReady(180_000);
    replicaSet.startOthers();
    let relations = expectedRelations(initial);
    let entities = initial;
    const calls = createPageCalls(api, initial);
    const pollMs = options.size > 20_000 ? 5_000 : 2_000;
    let lastReport = 0;

    // (a) until every entity and relation is readable, sampling the calls half way.
    for (;;) {
      const elapsed = Date.now() - backend.startedAt;
      let count: number;
      try {
        count = await countGeneratedEntities(api);
      } catch (error) {
        // A busy machine can drop a poll; the backend stopping is caught below.
        if (!backend.running)
          throw new Error(`the backend stopped; see ${logFile}`);
        say(`a progress poll failed (${error}); trying again`);
        await sleep(pollMs);
        continue;
      }
      result.readable = count;
      loads.push(loadAverage());
      if (
        !result.ingest &&
        (count >= options.size / 2 || elapsed >= capMs / 2)
      ) {
        say(
          `${count} readable after ${(elapsed / 1000).toFixed(
            0,
          )} s; sampling calls while processing runs`,
        );
        result.ingest = {
          readable: count,
          timings: await sampleCalls(calls, options.iterations),
        };
        continue;
      }
      if (
        count >= options.size &&
        (await relationsComplete(api, relations)).complete
      ) {
        result.readySeconds = (Date.now() - backend.startedAt) / 1000;
        say(
          `all ${count} entities and ${
            relations.length
          } relations readable after ${result.readySeconds.toFixed(1)} s`,
        );
        break;
      }
      if (elapsed >= capMs) {
        say(
          `stopped after ${(elapsed / 1000).toFixed(0)} s with ${count} of ${
            options.size
          } readable`,
        );
        break;
      }
      if (Date.now() - lastReport > 60_000) {
        say(`${count} readable after ${(elapsed / 1000).toFixed(0)} s`);
        lastReport = Date.now();
      }
      if (!backend.running)
        throw new Error(`the backend stopped; see ${logFile}`);
      await sleep(pollMs);
    }
    result.elapsedSeconds =
      result.readySeconds ?? (Date.now() - backend.startedAt) / 1000;
    result.entitiesPerSecond = result.readable / result.elapsedSeconds;
    result.backendCpuSeconds = backend.cpuSeconds();
    result.postgresCpuSeconds =
      database === 'postgres' ? postgresCpuSeconds(instance) : NaN;
    result.machineCpuSeconds = machineCpuSeconds() - machineAtStart;
    say(
      `CPU seconds until then: backend ${fmt(
        result.backendCpuSeconds,
      )}, PostgreSQL ${fmt(result.postgresCpuSeconds)}, whole machine ${fmt(
        result.machineCpuSeconds,
      )} of ${fmt(result.elapsedSeconds * os.cpus().length)}`,
    );

    if (result.readySeconds !== undefined && !options.ingestOnly) {
      // (b) steady processing: the source changes every 20 s while the calls are timed.
      let round = 0;
      let churn = {
        changed: [] as string[],
        removed: [] as string[],
        added: [] as string[],
      };
      const applyRound = () => {
        round += 1;
        churn = churnSyntheticOrganization(entities, { share: 0.01, round });
        entities = churn.entities;
        relations = expectedRelations(entities);
        writeSource(sourceFile, entities);
        return Date.now();
      };
      let roundStarted = applyRound();
      let sampled: CallTiming[] | undefined;
      void sampleCalls(calls, options.iterations).then(t => (sampled = t));
      while (!sampled) {
        await sleep(1000);
        loads.push(loadAverage());
        if (!sampled && Date.now() - roundStarted > 20_000)
          roundStarted = applyRound();
      }
      say(
        `sampled calls during steady processing (${round} change rounds of 1%)`,
      );
      const deadline = Date.now() + capMs;
      let lastRoundSeconds: number | undefined;
      while (Date.now() < deadline) {
        if (await churnApplied(api, entities, relations, churn)) {
          lastRoundSeconds = (Date.now() - roundStarted) / 1000;
          break;
        }
        await sleep(2000);
      }
      say(
        lastRoundSeconds === undefined
          ? 'the last change round did not show within the time limit'
          : `the last change round showed after ${lastRoundSeconds.toFixed(
              1,
            )} s`,
      );
      result.steady = {
        readable: result.readable,
        timings: sampled,
        churnRounds: round,
        lastRoundSeconds,
      };
      result.verification = await verifyCatalog(api, entities, relations);
      say(
        result.verification.ok
          ? `verified: ${result.verification.entities} entities and ${result.verification.relations} relations, exactly the source`
          : `verification found ${
              result.verification.problems.length
            } problems, e.g. ${result.verification.problems
              .slice(0, 3)
              .join('; ')}`,
      );

      // (b) at rest: the same database with processing switched off.
      await backend.stop();
      backend = BenchBackend.start({
        ...base,
        overrides: {
          ...base.overrides,
          catalog: {
            ...(base.overrides?.catalog as object | undefined),
            processingInterval: false,
          },
        },
      });
      await api.waitUntilReady(180_000);
      result.rest = {
        readable: result.readable,
        timings: await sampleCalls(calls, options.iterations),
      };
      say('sampled calls at rest');
    }
  } catch (error) {
    result.error = String(error);
    say(`failed: ${error}`);
  } finally {
    await backend.stop();
    if (database === 'postgres' && !options.keep)
      await dropPostgresDatabases(instance);
    if (database === 'postgres' && options.keep) {
      say(
        `kept the databases ${instance}_*; the catalog page over them: bash bench/catalog/browser.sh --instance ${instance}`,
      );
    }
    if (database === 'sqlite' && !options.keep) {
      fs.rmSync(path.join(workDir, instance), { recursive: true, force: true });
    }
    result.load = loads.reduce((a, b) => a + b, 0) / loads.length;
  }
  return result;
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits);
const ratio = (stock?: number, ours?: number) =>
  stock && ours ? `${(stock / ours).toFixed(1)}x` : '–';

function printComparison(options: Options, results: ScenarioResult[]) {
  const find = (d: BenchDatabase, v: BenchVariant) =>
    results.find(r => r.database === d && r.variant === v);
  console.log(`\n=== ${options.size.toLocaleString('en-US')} entities ===`);
  for (const database of options.databases) {
    const stock = find(database, 'stock');
    const ours = find(database, 'ours');
    console.log(`\n${database === 'postgres' ? 'PostgreSQL' : 'SQLite'}`);
    const projected = (r?: ScenarioResult) =>
      r && r.readySeconds === undefined && r.entitiesPerSecond > 0
        ? ` (stopped at ${r.readable}; at ${fmt(
            r.entitiesPerSecond,
            1,
          )}/s all would take ~${fmt(
            options.size / r.entitiesPerSecond / 60,
          )} min)`
        : '';
    const stockReady =
      stock?.readySeconds ??
      (stock && stock.entitiesPerSecond
        ? options.size / stock.entitiesPerSecond
        : undefined);
    console.log(
      `  all readable after   stock ${fmt(stock?.readySeconds, 1)} s${projected(
        stock,
      )}   ours ${fmt(ours?.readySeconds, 1)} s${projected(
        ours,
      )}   ratio ${ratio(stockReady, ours?.readySeconds)}`,
    );
    console.log(
      `  entities per second  stock ${fmt(
        stock?.entitiesPerSecond,
        1,
      )}   ours ${fmt(ours?.entitiesPerSecond, 1)}   backend CPU s stock ${fmt(
        stock?.backendCpuSeconds,
      )} ours ${fmt(ours?.backendCpuSeconds)}   PostgreSQL CPU s stock ${fmt(
        stock?.postgresCpuSeconds,
      )} ours ${fmt(ours?.postgresCpuSeconds)}   backend processes stock ${fmt(
        stock?.replicas,
      )} ours ${fmt(ours?.replicas)}   load avg stock ${fmt(
        stock?.load,
        1,
      )} ours ${fmt(ours?.load, 1)}`,
    );
    for (const r of [stock, ours]) {
      if (r?.steady) {
        console.log(
          `  ${r.variant}: ${
            r.steady.churnRounds
          } change rounds; the last showed after ${fmt(
            r.steady.lastRoundSeconds,
            1,
          )} s; verification ${
            r.verification?.ok
              ? 'exact'
              : `${r.verification?.problems.length} problems`
          }`,
        );
      }
      if (r?.error) console.log(`  ${r.variant} failed: ${r.error}`);
    }
    for (const phase of ['ingest', 'steady', 'rest'] as const) {
      const s = stock?.[phase];
      const o = ours?.[phase];
      if (!s && !o) continue;
      const title = {
        ingest: 'while the initial ingestion runs',
        steady:
          'during steady processing (1% of the source changes every 20 s)',
        rest: 'at rest (processing off)',
      }[phase];
      console.log(
        `\n  ${title}; readable entities: stock ${fmt(s?.readable)}, ours ${fmt(
          o?.readable,
        )}`,
      );
      console.log(
        `    ${'call'.padEnd(34)} ${'stock p50/p95 ms'.padStart(
          18,
        )} ${'ours p50/p95 ms'.padStart(18)} ${'p95 ratio'.padStart(10)}`,
      );
      const names = (s ?? o)!.timings.map(t => t.name);
      for (const name of names) {
        const st = s?.timings.find(t => t.name === name);
        const ot = o?.timings.find(t => t.name === name);
        console.log(
          `    ${name.padEnd(34)} ${`${fmt(st?.median)}/${fmt(
            st?.p95,
          )}`.padStart(18)} ${`${fmt(ot?.median)}/${fmt(ot?.p95)}`.padStart(
            18,
          )} ${ratio(st?.p95, ot?.p95).padStart(10)}`,
        );
      }
    }
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.databases.includes('postgres') && !(await postgresAvailable())) {
    throw new Error(
      'PostgreSQL does not answer at PORTAL_BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432); start it or pass --databases sqlite.',
    );
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-bench-'));
  console.log(
    `Catalog benchmark: ${options.size} entities, ${options.databases.join(
      ' and ',
    )}, ${options.variants.join(' vs ')}; ${
      os.cpus().length
    } CPUs, load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}; work directory ${workDir}`,
  );
  const org = generateSyntheticOrganization(options.size);
  const kinds = new Map<string, number>();
  for (const e of org.entities) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
  console.log(
    `  organization: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}; ${
      org.relations.length
    } relations`,
  );
  const results: ScenarioResult[] = [];
  let interrupted = false;
  process.once('SIGINT', () => {
    // Stopping the backend makes the running scenario fail; the loop must not start the
    // next one, whose backend would outlive this process.
    interrupted = true;
    console.log(
      '\nInterrupted; stopping the backend and dropping the benchmark databases.',
    );
    cleanup().finally(() => process.exit(130));
  });
  for (const database of options.databases) {
    for (const variant of options.variants) {
      if (interrupted) return;
      results.push(
        await runScenario(options, database, variant, workDir, org.entities),
      );
    }
  }
  printComparison(options, results);
  const resultsFile = path.join(workDir, 'results.json');
  fs.writeFileSync(resultsFile, JSON.stringify({ options, results }, null, 2));
  console.log(
    `\nload average at the end ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}; results in ${resultsFile}`,
  );
}

main().catch(error => {
  console.error(String(error?.message ?? error));
  process.exit(1);
});
