/*
 * TechDocs build benchmark: the TypeScript generator against MkDocs (Debian's mkdocs +
 * mkdocs-material) on the same 100-page site, and the first view of a never-built site through
 * the TechDocs backend's sync endpoint (prepare + generate + publish). Prints medians and ratios;
 * it asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildSite } from '../../plugins/techdocs-backend-module-markdown/src/site/buildSite';
import { generateFixtureSite } from './generateFixtureSite';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const MKDOCS_RUNS = Number(process.env.BENCH_MKDOCS_RUNS ?? 5);
const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(
  REPO,
  'plugins/techdocs-backend-module-markdown/bin/techdocs-markdown',
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const quiet = {
  info() {},
  warn(m: string) {
    console.warn(`  warning: ${m}`);
  },
  debug() {},
};

async function timeInProcess(site: string, work: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = path.join(work, `ours-${i}`);
    await fs.mkdir(out, { recursive: true });
    const start = process.hrtime.bigint();
    await buildSite({ inputDir: site, outputDir: out, log: quiet });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

function timeCommand(
  command: string,
  argsFor: (run: number) => string[],
  runs: number,
  cwd: string,
): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, argsFor(i), { cwd, encoding: 'utf8' });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) {
      throw new Error(`${command} failed:\n${result.stderr}`);
    }
    times.push(elapsed);
  }
  return times;
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
    const pages = await generateFixtureSite(ours, false);
    await generateFixtureSite(theirs, true);
    console.log(
      `Fixture: ${pages} pages (nested nav, tables, code, admonitions, tabs, task lists, footnotes).`,
    );

    const inProcess = await timeInProcess(ours, work);
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
    const mkdocs = timeCommand(
      'mkdocs',
      i => [
        'build',
        '-q',
        '-f',
        'mkdocs.yml',
        '-d',
        path.join(work, `mkdocs-${i}`),
      ],
      MKDOCS_RUNS,
      theirs,
    );

    const m = median(mkdocs);
    const warm = median(inProcess.slice(1));
    const c = median(cli);
    console.log('');
    console.log(
      `MkDocs 1.4 + material, fresh process   median of ${MKDOCS_RUNS}: ${m.toFixed(
        0,
      )} ms`,
    );
    console.log(
      `TypeScript generator, in the backend   first run: ${inProcess[0].toFixed(
        0,
      )} ms, median of next ${RUNS - 1}: ${warm.toFixed(0)} ms  -> ${(
        m / warm
      ).toFixed(1)}x faster`,
    );
    console.log(
      `TypeScript generator, CLI process      median of ${RUNS}: ${c.toFixed(
        0,
      )} ms (includes Node start and TS transpile in the monorepo)  -> ${(
        m / c
      ).toFixed(1)}x faster`,
    );

    const firstView = await firstViewThroughBackend(ours, work);
    console.log(
      `First view of a never-built ${pages}-page site through /api/techdocs/sync + index.html (local builder: prepare + generate + publish):`,
    );
    console.log(
      `  first: ${firstView[0].toFixed(0)} ms, median of ${
        firstView.length
      }: ${median(firstView).toFixed(0)} ms`,
    );
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
