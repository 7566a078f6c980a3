/*
 * Browser benchmark of the portal's catalog page over a kept bench catalog (issue #7:
 * "the catalog page with 100,000 entities is interactive within 2 s of navigation").
 *
 * Starts the built portal (node packages/backend, app-config.yaml +
 * app-config.production.yaml) with its catalog on the database that
 * `run.sh --databases postgres --variants ours --keep` left behind, processing on,
 * signs in as a person of that organization (guest sign-in, offered by an overlay used
 * only here) and drives Debian's Chromium through the catalog page: navigations
 * (client-side from the home page, full loads) and actions (all entities, next page,
 * another kind, a text filter). Prints each value, median and p95, the catalog requests
 * the page made, and the load average. Asserts nothing. See README.md, "Browser".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, Browser } from '@playwright/test';
import {
  ActionTiming,
  CatalogPageProbe,
  NavigationTiming,
  RecordedRequest,
} from './catalogPageProbe';
import {
  catalogContents,
  CatalogContents,
  findKeptCatalog,
  KeptCatalog,
  pickTeamMember,
} from './keptCatalog';
import { machineCpuSeconds, postgresCpuSeconds } from './benchServer';
import { percentile } from './pageCalls';
import { childrenCpuSeconds, processTreeCpuSeconds } from './processCpu';
import {
  PortalOverKeptCatalog,
  startPortalOverKeptCatalog,
} from './portalOverKeptCatalog';

interface Options {
  instance?: string;
  /** A second kept catalog measured first, the same way, to print ratios against. */
  baseline?: string;
  iterations: number;
  port: number;
  user?: string;
  chromium: string;
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const iterations = Number(value('--iterations') ?? 10);
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new Error(`--iterations takes a whole number of at least 1.`);
  }
  return {
    instance: value('--instance'),
    baseline: value('--baseline'),
    iterations,
    port: Number(value('--port') ?? 7207),
    user: value('--user'),
    chromium: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  };
}

const loadAverage = () =>
  os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

const CATALOG_API = '/api/catalog/';

/** The catalog requests of one measurement, summed. */
interface RequestSummary {
  catalogRequests: number;
  catalogBytes: number;
  /** The most entities any one catalog response carried. */
  maxItems: number;
  allRequests: number;
  allBytes: number;
  /** Every API request (catalog and the others: auth, permission, ...). */
  api: RecordedRequest[];
}

function summarise(requests: RecordedRequest[]): RequestSummary {
  const catalog = requests.filter(r => r.url.includes(CATALOG_API));
  return {
    catalogRequests: catalog.length,
    catalogBytes: catalog.reduce((sum, r) => sum + r.bytes, 0),
    maxItems: Math.max(0, ...catalog.map(r => r.items ?? 0)),
    allRequests: requests.length,
    allBytes: requests.reduce((sum, r) => sum + r.bytes, 0),
    api: requests.filter(r => new URL(r.url).pathname.startsWith('/api/')),
  };
}

/**
 * A request as a short line: from when to when (ms after the navigation started), path
 * and decoded query, status, size, entities.
 */
function describe(r: RecordedRequest, navigationStartedAt: number): string {
  const url = new URL(r.url);
  const where = decodeURIComponent(`${url.pathname}${url.search}`);
  const items = r.items === undefined ? '' : `, ${r.items} entities`;
  const from = r.startedAt - navigationStartedAt;
  return `${fmt(from).padStart(5)}-${fmt(from + r.durationMs).padEnd(5)} ms  ${
    r.method
  } ${where}  → ${r.status}, ${r.bytes} B${items}`;
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits);

/** One measured quantity over the iterations. */
class Series {
  readonly values: number[] = [];
  constructor(readonly name: string) {}
  add(value: number) {
    this.values.push(value);
  }
  line(unit = 'ms'): string {
    return `  ${this.name.padEnd(46)} median ${fmt(
      percentile(this.values, 50),
    ).padStart(6)} ${unit}  p95 ${fmt(percentile(this.values, 95)).padStart(
      6,
    )} ${unit}   [${this.values.map(v => fmt(v)).join(', ')}]`;
  }
}

interface Measurement {
  navigations: Record<string, NavigationSeries>;
  actions: Record<string, Series>;
}

interface NavigationSeries {
  rows: Series;
  settled: Series;
  interactive: Series;
  filter: Series;
  catalogRequests: Series;
  catalogBytes: Series;
  maxItems: Series;
  allBytes: Series;
  counts: Set<string>;
  lastRequests: RecordedRequest[];
  lastStartedAt: number;
  lastTiming?: NavigationTiming;
}

function navigationSeries(name: string): NavigationSeries {
  return {
    rows: new Series(`${name}: rows`),
    settled: new Series(`${name}: settled (count shown)`),
    interactive: new Series(`${name}: interactive (typed filter answered)`),
    filter: new Series(`${name}: of which the typed filter`),
    catalogRequests: new Series(`${name}: catalog API requests`),
    catalogBytes: new Series(`${name}: catalog API bytes`),
    maxItems: new Series(`${name}: most entities in one response`),
    allBytes: new Series(`${name}: bytes of all requests`),
    counts: new Set(),
    lastRequests: [],
    lastStartedAt: 0,
  };
}

const NAVIGATIONS = {
  client: 'sidebar click from home (client-side)',
  full: 'full load of /catalog',
  fullAll: 'full load of /catalog, all components',
} as const;

const ALL_COMPONENTS = '/catalog?filters[kind]=component&filters[user]=all';

async function measure(
  probe: CatalogPageProbe,
  iterations: number,
  say: (m: string) => void,
): Promise<Measurement> {
  const navigations = {
    client: navigationSeries(NAVIGATIONS.client),
    full: navigationSeries(NAVIGATIONS.full),
    fullAll: navigationSeries(NAVIGATIONS.fullAll),
  };
  const actions = {
    all: new Series('owned → All'),
    next: new Series('next page (All components)'),
    kind: new Series('kind Component → API (All)'),
    text: new Series('text filter typed (All APIs)'),
  };
  const record = async (
    series: NavigationSeries,
    timing: NavigationTiming,
    mark: number,
    warmUp: boolean,
  ) => {
    const summary = summarise(await probe.requestsSince(mark));
    if (warmUp) return;
    series.rows.add(timing.rowsMs);
    series.settled.add(timing.settledMs);
    series.interactive.add(timing.interactiveMs);
    series.filter.add(timing.filterMs);
    series.catalogRequests.add(summary.catalogRequests);
    series.catalogBytes.add(summary.catalogBytes);
    series.maxItems.add(summary.maxItems);
    series.allBytes.add(summary.allBytes);
    series.counts.add(timing.title);
    series.lastRequests = summary.api;
    series.lastStartedAt = timing.startedAt;
    series.lastTiming = timing;
  };
  const act = (series: Series, timing: ActionTiming, warmUp: boolean) => {
    if (!warmUp) series.add(timing.ms);
  };

  for (let i = 0; i <= iterations; i++) {
    const warmUp = i === 0;
    await probe.openHome();
    let mark = probe.mark();
    const client = await probe.timeNavigation('client', '/catalog', 'Owned');
    await record(navigations.client, client, mark, warmUp);

    mark = probe.mark();
    const full = await probe.timeNavigation('full', '/catalog', 'Owned');
    await record(navigations.full, full, mark, warmUp);

    mark = probe.mark();
    const fullAll = await probe.timeNavigation('full', ALL_COMPONENTS, 'All');
    await record(navigations.fullAll, fullAll, mark, warmUp);

    // The actions, from the page as it opens (what the signed-in person owns).
    await probe.open('/catalog', 'Owned');
    act(actions.all, await probe.timeUserList('All'), warmUp);
    act(actions.next, await probe.timeNextPage(), warmUp);
    act(actions.kind, await probe.timeKind('API'), warmUp);
    act(actions.text, await probe.timeTextFilter(), warmUp);

    say(
      `${warmUp ? 'warm-up' : `iteration ${i}`}: client ${fmt(
        client.interactiveMs,
      )} ms, full ${fmt(full.interactiveMs)} ms, full all ${fmt(
        fullAll.interactiveMs,
      )} ms interactive; load average ${loadAverage()}`,
    );
  }
  return { navigations, actions };
}

function printContents(label: string, c: CatalogContents) {
  console.log(
    `  ${label}: ${c.entities} entities (${Object.entries(c.byKind)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}); ${c.dueForProcessing} due for processing`,
  );
}

const navigationName = (n: NavigationSeries) => n.rows.name.split(':')[0];

function printMeasurement(m: Measurement) {
  console.log('\n  Navigation to the catalog page (ms from navigation start)');
  for (const n of Object.values(m.navigations)) {
    console.log(n.rows.line());
    console.log(n.settled.line());
    console.log(n.interactive.line());
    console.log(n.filter.line());
  }
  console.log(
    '\n  Actions on the catalog page (ms from the input event to settled rows)',
  );
  for (const s of Object.values(m.actions)) console.log(s.line());

  console.log('\n  Requests per navigation');
  for (const n of Object.values(m.navigations)) {
    console.log(n.catalogRequests.line(''));
    console.log(n.catalogBytes.line('B'));
    console.log(n.maxItems.line(''));
    console.log(n.allBytes.line('B'));
    console.log(`  ${navigationName(n)}: titles ${[...n.counts].join(' | ')}`);
  }
  for (const n of Object.values(m.navigations)) {
    const t = n.lastTiming;
    console.log(
      `\n  API requests of the last ${navigationName(
        n,
      )} (ms after its start; rows at ${fmt(t?.rowsMs)}, settled at ${fmt(
        t?.settledMs,
      )}, text typed at ${fmt(t?.typedMs)} and answered ${fmt(
        t?.filterMs,
      )} ms later):`,
    );
    for (const r of n.lastRequests) {
      console.log(`  ${describe(r, n.lastStartedAt)}`);
    }
  }
}

/** Where the CPU time of the measured iterations went, in seconds. */
interface CpuUse {
  seconds: number;
  backend: number;
  chromium: number;
  postgres: number;
  machine: number;
}

interface CatalogResult {
  kept: KeptCatalog;
  contents: CatalogContents;
  measurement: Measurement;
  cpu: CpuUse;
}

/** What is running and must be stopped on the way out (Ctrl-C included). */
const running: { portal?: PortalOverKeptCatalog; browser?: Browser } = {};
let stopping: Promise<void> | undefined;

/**
 * Stops the browser and the portal (dropping its throwaway databases). Every caller
 * waits for the same stop: on Ctrl-C the measurement fails as the browser closes, and
 * must not exit before the portal is down.
 */
function stopRunning(workDir: string): Promise<void> {
  stopping ??= (async () => {
    const { portal, browser } = running;
    await browser?.close().catch(() => {});
    if (portal) {
      fs.writeFileSync(path.join(workDir, 'backend.log'), portal.output());
      await portal.stop();
    }
    running.portal = undefined;
    running.browser = undefined;
  })().finally(() => {
    stopping = undefined;
  });
  return stopping;
}

async function measureCatalog(
  kept: KeptCatalog,
  options: Options,
  workDir: string,
): Promise<CatalogResult> {
  const user = options.user ?? (await pickTeamMember(kept.database));
  console.log(`\n${kept.database}, signed in as ${user}`);
  const contents = await catalogContents(kept.database);
  printContents('at start', contents);
  try {
    const startedAt = Date.now();
    running.portal = await startPortalOverKeptCatalog({
      port: options.port,
      catalogDatabase: kept.database,
      userEntityRef: user,
    });
    const portal = running.portal;
    console.log(
      `  portal ready on ${portal.baseUrl} after ${fmt(
        (Date.now() - startedAt) / 1000,
        1,
      )} s (processing on)`,
    );
    running.browser = await chromium.launch({
      executablePath: options.chromium,
      // Playwright's own handlers exit (130) once the browser is closed, before the
      // portal is stopped; ours stops both.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const browser = running.browser;
    const context = await browser.newContext({
      baseURL: portal.baseUrl,
      viewport: { width: 1400, height: 900 },
    });
    const probe = await CatalogPageProbe.attach(await context.newPage());
    await probe.signInAsGuest();

    const postgresCpu = () =>
      postgresCpuSeconds(kept.instance) +
      postgresCpuSeconds(portal.databasePrefix);
    const cpuAt = () => ({
      seconds: Date.now() / 1000,
      backend: processTreeCpuSeconds(portal.pid),
      // Debian's /usr/bin/chromium is a script that execs /usr/lib/chromium/chromium.
      chromium: childrenCpuSeconds('chromium'),
      postgres: postgresCpu(),
      machine: machineCpuSeconds(),
    });
    const cpuBefore = cpuAt();
    const loadAtStart = loadAverage();
    const measurement = await measure(probe, options.iterations, m =>
      console.log(`  ${m}`),
    );
    const cpuAfter = cpuAt();
    const cpu = Object.fromEntries(
      Object.entries(cpuAfter).map(([k, v]) => [
        k,
        v - cpuBefore[k as keyof CpuUse],
      ]),
    ) as unknown as CpuUse;

    printMeasurement(measurement);
    const share = (s: number) =>
      `${fmt(s, 1)} s (${fmt((s / cpu.seconds) * 100)}% of one core)`;
    console.log(
      `\n  ${options.iterations} iterations after one warm-up in ${fmt(
        cpu.seconds,
      )} s. CPU: backend ${share(cpu.backend)}, Chromium ${share(
        cpu.chromium,
      )}, PostgreSQL (connections still open, a lower bound) ${share(
        cpu.postgres,
      )}, whole machine ${share(cpu.machine)} of ${
        os.cpus().length
      } cores. Load average at start ${loadAtStart}, at end ${loadAverage()}`,
    );
    printContents('at end', await catalogContents(kept.database));
    return { kept, contents, measurement, cpu };
  } finally {
    await stopRunning(workDir);
  }
}

/** Median and p95 of the measured catalog against the baseline, side by side. */
function printComparison(baseline: CatalogResult, measured: CatalogResult) {
  const size = (r: CatalogResult) =>
    `${r.contents.entities.toLocaleString('en-US')} entities`;
  console.log(
    `\n=== ${size(measured)} (${measured.kept.instance}) against ${size(
      baseline,
    )} (${baseline.kept.instance}) ===`,
  );
  console.log(
    `  ${''.padEnd(74)} ${'baseline p50/p95'.padStart(
      17,
    )} ${'measured p50/p95'.padStart(17)} ${'p50 ratio'.padStart(10)}`,
  );
  const row = (b: Series, m: Series) => {
    const pair = (s: Series) =>
      `${fmt(percentile(s.values, 50))}/${fmt(percentile(s.values, 95))}`;
    const ratio = percentile(m.values, 50) / percentile(b.values, 50);
    console.log(
      `  ${m.name.padEnd(74)} ${pair(b).padStart(17)} ${pair(m).padStart(
        17,
      )} ${`${fmt(ratio, 2)}x`.padStart(10)}`,
    );
  };
  for (const key of Object.keys(measured.measurement.navigations)) {
    const b = baseline.measurement.navigations[key];
    const m = measured.measurement.navigations[key];
    row(b.rows, m.rows);
    row(b.settled, m.settled);
    row(b.interactive, m.interactive);
    row(b.catalogRequests, m.catalogRequests);
  }
  for (const key of Object.keys(measured.measurement.actions)) {
    row(baseline.measurement.actions[key], measured.measurement.actions[key]);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const measured = await findKeptCatalog(options.instance);
  const baseline = options.baseline
    ? await findKeptCatalog(options.baseline)
    : undefined;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-browser-'));
  console.log(
    `Catalog page in the browser: ${measured.instance}${
      baseline ? ` against ${baseline.instance}` : ''
    }; ${options.iterations} iterations after one warm-up; ${
      os.cpus().length
    } CPUs, load average ${loadAverage()}; work directory ${workDir}`,
  );
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.log(`\n${signal}: stopping the browser and the portal.`);
      stopRunning(workDir).finally(() => process.exit(130));
    });
  }
  try {
    const baselineResult = baseline
      ? await measureCatalog(baseline, options, workDir)
      : undefined;
    if (interrupted) await new Promise(() => {}); // the signal handler exits
    const measuredResult = await measureCatalog(measured, options, workDir);
    if (baselineResult) printComparison(baselineResult, measuredResult);
    console.log(
      `\nLoad average at the end ${loadAverage()}; backend log in ${path.join(
        workDir,
        'backend.log',
      )}`,
    );
  } catch (error) {
    await stopRunning(workDir);
    if (interrupted) await new Promise(() => {}); // the signal handler exits
    throw error;
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(String(error?.message ?? error));
    process.exit(1);
  },
);
