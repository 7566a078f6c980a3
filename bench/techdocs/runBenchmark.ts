/*
 * TechDocs build benchmark: the TypeScript generator against MkDocs (Debian's mkdocs +
 * mkdocs-material) on the same 100-page site, and the first view of a never-built site through
 * the TechDocs backend's sync endpoint (prepare + generate + publish). Prints medians and ratios;
 * it asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildSite } from '../../plugins/techdocs-backend-module-markdown/src/site/buildSite';
import { siteWorker } from '../../plugins/techdocs-backend-module-markdown/src/site/SiteWorker';
import { generateFixtureSite } from './generateFixtureSite';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const MKDOCS_RUNS = Number(process.env.BENCH_MKDOCS_RUNS ?? 5);
const SOURCE_CLI_RUNS = Number(process.env.BENCH_SOURCE_CLI_RUNS ?? 3);
/** Builds of the same site after the side-by-side runs: V8 keeps optimizing for ~50 builds. */
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 60);
const WARM_BLOCK = 10;
const REPO = path.resolve(__dirname, '../..');
const PACKAGE = path.join(REPO, 'plugins/techdocs-backend-module-markdown');
const CLI = path.join(PACKAGE, 'bin/techdocs-markdown');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const ratio = (mkdocs: number, ours: number) =>
  `${(mkdocs / ours).toFixed(1)}x faster`;

/**
 * CPU time (user + system) of this process's waited-for children so far, from /proc/self/stat
 * (cutime + cstime, in clock ticks): Node has no rusage of child processes. Undefined off Linux.
 */
const CLOCK_TICKS = Number(
  spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim() || 100,
);
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5); `fields` starts at field 3 (state).
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Wall-clock and CPU time of one run. CPU time hardly depends on what else the machine runs. */
interface Timing {
  wall: number;
  cpu?: number;
}

const quiet = {
  info() {},
  warn(m: string) {
    console.warn(`  warning: ${m}`);
  },
  debug() {},
};

/**
 * Builds the site WARM_RUNS more times in this process: a backend that has been building docs
 * for a while runs optimized code, which the first few builds after start do not. Outputs stay
 * until the end, as in the side-by-side runs: removing a build's 100 folders just before the next
 * build slowed that build down here (ext4 mounted with `discard`), which is not the generator's.
 */
async function timeWarmRuns(site: string, work: string): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    spawnSync('sync'); // as before each side-by-side run
    timings.push(await timeInProcessRun(site, path.join(work, `warm-${i}`)));
  }
  return timings;
}

async function timeInProcessRun(site: string, out: string): Promise<Timing> {
  await fs.mkdir(out, { recursive: true });
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  await buildSite({ inputDir: site, outputDir: out, log: quiet });
  const cpu = process.cpuUsage(cpuStart);
  return {
    wall: Number(process.hrtime.bigint() - start) / 1e6,
    cpu: (cpu.user + cpu.system) / 1000,
  };
}

function timeCommand(
  command: string,
  argsFor: (run: number) => string[],
  runs: number,
  cwd: string,
): Timing[] {
  const times: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = childrenCpuMs();
    const start = process.hrtime.bigint();
    const result = spawnSync(command, argsFor(i), { cwd, encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    const cpuEnd = childrenCpuMs();
    if (result.status !== 0) {
      throw new Error(`${command} failed:\n${result.stderr}`);
    }
    times.push({
      wall,
      cpu:
        cpuStart !== undefined && cpuEnd !== undefined
          ? cpuEnd - cpuStart
          : undefined,
    });
  }
  return times;
}

function timeMkdocsRun(site: string, out: string): Timing {
  return timeCommand(
    'mkdocs',
    () => ['build', '-q', '-f', 'mkdocs.yml', '-d', out],
    1,
    site,
  )[0];
}

/**
 * MkDocs and our generator on the same site, runs interleaved so that both see the same load:
 * MkDocs as fresh processes (as TechDocs runs it), ours in this process (as the backend runs it;
 * its first run includes loading and compiling the modules).
 */
async function sideBySide(
  mkdocsSite: string,
  oursSite: string,
  work: string,
  name: string,
) {
  const mkdocs: Timing[] = [];
  const ours: Timing[] = [];
  for (let i = 0; i < Math.max(RUNS, MKDOCS_RUNS); i++) {
    // Each run starts with the previous run's output written back to disk, so that neither pays
    // for the other's writes.
    spawnSync('sync');
    if (i < MKDOCS_RUNS) {
      mkdocs.push(
        timeMkdocsRun(mkdocsSite, path.join(work, `${name}-mkdocs-${i}`)),
      );
    }
    spawnSync('sync');
    if (i < RUNS) {
      ours.push(
        await timeInProcessRun(oursSite, path.join(work, `${name}-ours-${i}`)),
      );
    }
  }
  return { mkdocs, ours };
}

/** Whether the bin will run the built CLI (dist/ newer than src/), as it decides itself. */
async function cliIsBuilt(): Promise<boolean> {
  const built = await fs
    .stat(path.join(PACKAGE, 'dist/cli/runTechdocsMarkdownCli.cjs.js'))
    .catch(() => undefined);
  if (!built) {
    return false;
  }
  const newest = async (dir: string): Promise<number> => {
    let latest = 0;
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__fixtures__')
          latest = Math.max(latest, await newest(file));
      } else if (!/\.test\.tsx?$/.test(entry.name)) {
        latest = Math.max(latest, (await fs.stat(file)).mtimeMs);
      }
    }
    return latest;
  };
  return (await newest(path.join(PACKAGE, 'src'))) <= built.mtimeMs;
}

async function firstViewThroughBackend(site: string, work: string) {
  // Loaded here so the build benchmark does not pay for the backend's modules; required rather
  // than imported because the node transform hands dynamic imports of CommonJS over as-is.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const {
    mockCredentials,
    mockServices,
    startTestBackend,
  } = require('@backstage/backend-test-utils');
  const {
    catalogServiceMock,
  } = require('@backstage/plugin-catalog-node/testUtils');
  const techdocsPlugin = require('@backstage/plugin-techdocs-backend').default;
  const {
    techdocsModuleMarkdown,
  } = require('../../plugins/techdocs-backend-module-markdown/src/module');
  const request = require('supertest');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const publishDirectory = path.join(work, 'published');
  const entities = Array.from({ length: RUNS }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `payments-${i}`,
      namespace: 'default',
      uid: `uid-${i}`,
      annotations: {
        'backstage.io/managed-by-location': `file:${path.join(
          site,
          'catalog-info.yaml',
        )}`,
        'backstage.io/techdocs-ref': 'dir:.',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  }));
  const backend = await startTestBackend({
    features: [
      techdocsPlugin,
      techdocsModuleMarkdown,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          techdocs: {
            builder: 'local',
            publisher: { type: 'local', local: { publishDirectory } },
          },
        },
      }),
    ],
  });
  const auth = mockCredentials.user.header();
  const times: number[] = [];
  try {
    // Each entity is a never-built site: sync builds it, then the reader fetches index.html.
    for (const entity of entities) {
      const name = entity.metadata.name;
      const start = process.hrtime.bigint();
      const sync = await request(backend.server)
        .get(`/api/techdocs/sync/default/component/${name}`)
        .set('Authorization', auth);
      const page = await request(backend.server)
        .get(`/api/techdocs/static/docs/default/component/${name}/index.html`)
        .set('Authorization', auth);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (!sync.text.includes('"updated":true') || page.status !== 200) {
        throw new Error(`first view of ${name} failed: ${sync.text}`);
      }
    }
  } finally {
    await backend.stop();
  }
  return times;
}

async function main() {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'techdocs-bench-'));
  try {
    const ours = path.join(work, 'site-ours');
    const theirs = path.join(work, 'site-mkdocs');
    const oursRaw = path.join(work, 'site-ours-raw-html');
    const theirsRaw = path.join(work, 'site-mkdocs-raw-html');
    const pages = await generateFixtureSite(ours, false);
    await generateFixtureSite(theirs, true);
    await generateFixtureSite(oursRaw, false, true);
    await generateFixtureSite(theirsRaw, true, true);
    console.log(
      `Fixture: ${pages} pages (nested nav, tables, code, admonitions, tabs, task lists, footnotes).`,
    );
    console.log(
      `Machine: ${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map(l => l.toFixed(1))
        .join(' ')}; Node ${process.version}.`,
    );

    // The backend starts the generator's second thread when it starts (see
    // MarkdownTechdocsGenerator); so does this process, before the first build.
    const threads = (await siteWorker.warmUp())
      ? 'two threads'
      : 'ONE thread (the site worker did not start)';
    console.log(`Our generator renders on ${threads}.`);

    const { mkdocs, ours: inProcess } = await sideBySide(
      theirs,
      ours,
      work,
      'base',
    );
    const warm = await timeWarmRuns(ours, work);
    const built = await cliIsBuilt();
    const cli = timeCommand(
      process.execPath,
      i => [
        CLI,
        'build',
        '--source-dir',
        ours,
        '--output-dir',
        path.join(work, `cli-${i}`),
      ],
      RUNS,
      REPO,
    );
    const sourceCli = timeCommand(
      process.execPath,
      i => [
        '--require',
        '@backstage/cli/config/nodeTransform.cjs',
        '-e',
        `require(${JSON.stringify(
          path.join(PACKAGE, 'src/cli/runTechdocsMarkdownCli.ts'),
        )}).runTechdocsMarkdownCli(process.argv.slice(1)).then(code => { process.exitCode = code; })`,
        'build',
        '--source-dir',
        ours,
        '--output-dir',
        path.join(work, `source-cli-${i}`),
      ],
      SOURCE_CLI_RUNS,
      REPO,
    );
    const { mkdocs: mkdocsRaw, ours: inProcessRaw } = await sideBySide(
      theirsRaw,
      oursRaw,
      work,
      'raw',
    );

    const wall = (values: Timing[]) => values.map(v => v.wall);
    const cpu = (values: Timing[]) =>
      values.every(v => v.cpu !== undefined)
        ? values.map(v => v.cpu!)
        : undefined;
    const runs = (values: number[]) => values.map(v => v.toFixed(0)).join(' ');
    /** Medians and ratio, wall-clock and CPU; ours without its first run unless `all`. */
    const compare = (
      label: string,
      theirs: Timing[],
      oursAll: Timing[],
      skipFirst: boolean,
    ) => {
      const ours = skipFirst ? oursAll.slice(1) : oursAll;
      const m = median(wall(theirs));
      const o = median(wall(ours));
      console.log(
        `${label}: MkDocs ${ms(m)}, ours ${ms(o)}  -> ${ratio(
          m,
          o,
        )} (wall clock)`,
      );
      const theirsCpu = cpu(theirs);
      const oursCpu = cpu(ours);
      if (theirsCpu && oursCpu) {
        const mc = median(theirsCpu);
        const oc = median(oursCpu);
        console.log(
          `${' '.repeat(label.length)}  MkDocs ${ms(mc)}, ours ${ms(
            oc,
          )}  -> ${ratio(mc, oc)} (CPU time, user + system)`,
        );
      }
      console.log(
        `  runs in ms, wall: MkDocs ${runs(wall(theirs))}; ours ${runs(
          wall(oursAll),
        )}`,
      );
      if (theirsCpu) {
        console.log(
          `  runs in ms, CPU:  MkDocs ${runs(theirsCpu)}; ours ${runs(
            cpu(oursAll) ?? [],
          )}`,
        );
      }
    };
    console.log('');
    console.log(
      `MkDocs 1.4 + material as a fresh process (median of ${MKDOCS_RUNS}), as TechDocs runs it, against:`,
    );
    console.log(
      `TypeScript generator in the backend process (first run ${ms(
        inProcess[0].wall,
      )} loads and compiles the modules; median of the next ${RUNS - 1})`,
    );
    compare('  100 pages', mkdocs, inProcess, true);
    const lastBlock = warm.slice(-WARM_BLOCK);
    console.log(
      `The same process after ${RUNS + WARM_RUNS} builds (warm, as a backend that has been building docs for a while): median of the last ${lastBlock.length}`,
    );
    compare('  100 pages', mkdocs, lastBlock, false);
    const blocks: string[] = [];
    for (let i = 0; i < warm.length; i += WARM_BLOCK) {
      blocks.push(ms(median(wall(warm.slice(i, i + WARM_BLOCK)))));
    }
    console.log(
      `  warming up, median wall clock of each ${WARM_BLOCK} builds after the first ${RUNS}: ${blocks.join(', ')}`,
    );
    console.log(
      `TypeScript generator as a CLI process, median of ${RUNS} (${
        built
          ? 'built CLI from dist/, Node start included'
          : 'NOT BUILT: ran the TypeScript source; run `yarn build:cli` in the package'
      })`,
    );
    compare('  100 pages', mkdocs, cli, false);
    console.log(
      `  the same CLI from the TypeScript source, without a build step: median of ${SOURCE_CLI_RUNS}: ${ms(
        median(wall(sourceCli)),
      )}  -> ${ratio(median(wall(mkdocs)), median(wall(sourceCli)))}`,
    );
    console.log(
      `With raw HTML on every topic (each such page goes through the HTML sanitizer), in the backend process (first run ${ms(
        inProcessRaw[0].wall,
      )}):`,
    );
    compare('  100 pages', mkdocsRaw, inProcessRaw, true);
    console.log(
      `Load average while measuring: ${os
        .loadavg()
        .map(l => l.toFixed(1))
        .join(' ')} on ${os.cpus().length} CPUs.`,
    );

    const firstView = await firstViewThroughBackend(ours, work);
    console.log(
      `First view of a never-built ${pages}-page site through /api/techdocs/sync + index.html (local builder: prepare + generate + publish):`,
    );
    console.log(
      `  first: ${ms(firstView[0])}, median of ${firstView.length}: ${ms(
        median(firstView),
      )}`,
    );
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
