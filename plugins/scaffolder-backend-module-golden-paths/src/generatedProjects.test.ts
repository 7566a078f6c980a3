/*
 * Every golden-path template, rendered and published by the real scaffolder, must
 * produce a project whose own checks pass: `npm install`, `npm run lint`, `npm test`
 * and `npm run build` in a clone of the new repository; its Kubernetes manifests
 * validate against the Kubernetes API schemas (kubernetes-models); its CI workflow
 * parses and validates as a GitHub Actions workflow; its OpenAPI definition
 * validates; its docs build with the portal's TechDocs generator without warnings.
 * The built service is also started, to see its probes, metrics and shutdown work
 * and that every metric its alerts and dashboard use is one it exports.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow,
} from '@actions/workflow-parser';
import { buildSite } from '@internal/plugin-techdocs-backend-module-markdown';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Service } from 'kubernetes-models/v1/Service';
import YAML from 'yaml';
import {
  GoldenPathBackend,
  startGoldenPathBackend,
} from './__testUtils__/goldenPathBackend';

const execFileAsync = promisify(execFile);

// npm installs from the registry; one cache for every project and every run.
jest.setTimeout(10 * 60_000);
const NPM_CACHE = resolve(
  __dirname,
  '../../../node_modules/.cache/golden-paths-npm',
);

type TemplateCase = {
  template: string;
  name: string;
  scripts: string[];
  kubernetes: boolean;
  jobs: string[];
};

const TEMPLATES: TemplateCase[] = [
  {
    template: 'typescript-service',
    name: 'fare-watch',
    scripts: ['lint', 'test', 'build'],
    kubernetes: true,
    jobs: [
      'check',
      'dependency-scan',
      'image',
      'deploy-staging',
      'deploy-production',
    ],
  },
  {
    template: 'react-web-app',
    name: 'trip-planner-web',
    scripts: ['lint', 'test', 'build'],
    kubernetes: true,
    jobs: [
      'check',
      'dependency-scan',
      'image',
      'deploy-staging',
      'deploy-production',
    ],
  },
  {
    template: 'typescript-library',
    name: 'booking-slugs',
    scripts: ['lint', 'test', 'build'],
    kubernetes: false,
    jobs: ['check', 'dependency-scan', 'publish'],
  },
  {
    template: 'documentation-site',
    name: 'traveller-handbook',
    scripts: ['test'],
    kubernetes: false,
    jobs: ['docs'],
  },
];

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  Deployment,
  Service,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
};

let portal: GoldenPathBackend;
const clones: Record<string, string> = {};
/** npm install of every project, started together: it is mostly waiting on I/O. */
const installs: Record<string, Promise<unknown>> = {};

beforeAll(async () => {
  portal = await startGoldenPathBackend({});
  await portal.ready();
  for (const { template, name } of TEMPLATES) {
    const { task, log } = await portal.run(template, {
      name,
      description: `The ${template} golden path, checked end to end.`,
      owner: 'group:default/team-checkout',
      system: 'system:default/checkout',
      lifecycle: 'experimental',
    });
    if (task.status !== 'completed') {
      throw new Error(
        `${template} failed:\n${log.map(l => l.message).join('\n')}`,
      );
    }
    clones[template] = portal.mockDir.resolve(`clones/${name}`);
    mkdirSync(portal.mockDir.resolve('clones'), { recursive: true });
    execFileSync('git', [
      'clone',
      '-q',
      join(portal.repositories, name),
      clones[template],
    ]);
  }
  for (const { template } of TEMPLATES) {
    installs[template] = npm(clones[template], ['install']);
    // Reported by the test that awaits it.
    installs[template].catch(() => undefined);
  }
});

afterAll(async () => {
  await portal?.stop();
});

function npm(cwd: string, args: string[]) {
  return execFileAsync('npm', args, {
    cwd,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      npm_config_cache: NPM_CACHE,
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    },
    maxBuffer: 20 * 1024 * 1024,
  }).catch(error => {
    throw new Error(
      `npm ${args.join(' ')} failed in ${cwd}:\n${error.stdout}\n${
        error.stderr
      }`,
    );
  });
}

function readYamlDocuments(path: string): any[] {
  return YAML.parseAllDocuments(readFileSync(path, 'utf8')).map(d => d.toJS());
}

describe.each(TEMPLATES)('the $template golden path', c => {
  const dir = () => clones[c.template];

  it(`passes its own checks: npm install, then npm run ${c.scripts.join(
    ', ',
  )}`, async () => {
    await installs[c.template];
    for (const script of c.scripts) {
      await npm(dir(), ['run', script]);
    }
    if (c.scripts.includes('build')) {
      expect(readdirSync(join(dir(), 'dist')).length).toBeGreaterThan(0);
    }
  });

  it('has a CI workflow that GitHub Actions accepts, with the stages it promises', async () => {
    const path = join(dir(), '.github/workflows/ci.yaml');
    const content = readFileSync(path, 'utf8');
    const parsed = parseWorkflow(
      { name: 'ci.yaml', content },
      new NoOperationTraceWriter(),
    );
    expect(parsed.context.errors.getErrors().map(e => e.message)).toEqual([]);
    const workflow = await convertWorkflowTemplate(
      parsed.context,
      parsed.value!,
    );
    expect(workflow.errors ?? []).toEqual([]);
    expect(workflow.jobs.map((j: any) => j.id.value)).toEqual(c.jobs);

    const runs = Object.values(YAML.parse(content).jobs as Record<string, any>)
      .flatMap(job => job.steps)
      .map(step => `${step.run ?? ''} ${step.uses ?? ''}`)
      .join('\n');
    for (const script of c.scripts) {
      expect(runs).toContain(
        script === 'test' ? 'npm test' : `npm run ${script}`,
      );
    }
    if (c.template !== 'documentation-site') {
      expect(runs).toContain('aquasecurity/trivy-action');
    }
  });

  it('has a catalog-info.yaml owned by the chosen team, with TechDocs', () => {
    const [component] = readYamlDocuments(join(dir(), 'catalog-info.yaml'));
    expect(component).toMatchObject({
      kind: 'Component',
      metadata: {
        name: c.name,
        annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
      },
      spec: {
        owner: 'group:default/team-checkout',
        system: 'checkout',
        lifecycle: 'experimental',
      },
    });
    if (c.kubernetes) {
      expect(component.metadata.annotations['backstage.io/kubernetes-id']).toBe(
        c.name,
      );
    }
  });

  it("builds its docs with the portal's TechDocs generator, without warnings", async () => {
    const warnings: string[] = [];
    const outputDir = portal.mockDir.resolve(`sites/${c.name}`);
    mkdirSync(outputDir, { recursive: true });
    const result = await buildSite({
      inputDir: dir(),
      outputDir,
      log: {
        info: () => {},
        debug: () => {},
        warn: message => warnings.push(message),
      },
    });
    expect(warnings).toEqual([]);
    expect(result.pages.length).toBeGreaterThanOrEqual(3);
    expect(
      result.pages.find(page => page.srcPath === 'index.md')?.html,
    ).toContain(`The ${c.template} golden path, checked end to end.`);
  });
});

describe.each(TEMPLATES.filter(c => c.kubernetes))(
  'the $template golden path',
  c => {
    const dir = () => clones[c.template];

    it('has Kubernetes manifests that validate and are labelled for the Kubernetes tab', () => {
      const k8s = join(dir(), 'k8s');
      const kustomization = YAML.parse(
        readFileSync(join(k8s, 'kustomization.yaml'), 'utf8'),
      );
      const files = readdirSync(k8s).filter(f => f !== 'kustomization.yaml');
      expect([...kustomization.resources].sort()).toEqual(files.sort());

      const objects = files.flatMap(f => readYamlDocuments(join(k8s, f)));
      expect(objects.map(o => o.kind).sort()).toEqual([
        'Deployment',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'Service',
      ]);
      for (const object of objects) {
        const Model = MODELS[object.kind];
        expect(() => new Model(object).validate()).not.toThrow();
        expect(object.metadata.labels['backstage.io/kubernetes-id']).toBe(
          c.name,
        );
      }
      const deployment = objects.find(o => o.kind === 'Deployment');
      const podLabels = deployment.spec.template.metadata.labels;
      expect(podLabels['backstage.io/kubernetes-id']).toBe(c.name);
      for (const selector of [
        deployment.spec.selector.matchLabels,
        objects.find(o => o.kind === 'Service').spec.selector,
        objects.find(o => o.kind === 'PodDisruptionBudget').spec.selector
          .matchLabels,
      ]) {
        expect(podLabels).toMatchObject(selector);
      }
      expect(
        objects.find(o => o.kind === 'HorizontalPodAutoscaler').spec
          .scaleTargetRef.name,
      ).toBe(c.name);
    });
  },
);

describe('the generated TypeScript service', () => {
  const dir = () => clones['typescript-service'];

  it('has a valid OpenAPI definition that describes its probes and API', async () => {
    const api: any = await SwaggerParser.validate(join(dir(), 'openapi.yaml'));
    expect(Object.keys(api.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/readyz',
        '/metrics',
        '/v1/greetings/{name}',
      ]),
    );
  });

  it('runs: ready on its probe, exports every metric its alerts and dashboard use, and stops cleanly on SIGTERM', async () => {
    // Built by the npm checks above.
    expect(existsSync(join(dir(), 'dist/index.js'))).toBe(true);
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/index.js'], {
      cwd: dir(),
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', d => (output += d));
    const exited = new Promise<number | null>(r => child.on('exit', r));
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitUntil(
        async () =>
          (await fetch(`${base}/readyz`).catch(() => undefined))?.status ===
          200,
      );
      expect(await (await fetch(`${base}/v1/greetings/Ada`)).json()).toEqual({
        message: 'Hello, Ada!',
      });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const exported = new Set(
        [...metrics.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/gm)].map(
          m => m[1],
        ),
      );
      const queries = [
        ...YAML.parse(
          readFileSync(join(dir(), 'monitoring/alerts.yaml'), 'utf8'),
        ).groups.flatMap((g: any) => g.rules.map((r: any) => r.expr as string)),
        ...JSON.parse(
          readFileSync(join(dir(), 'monitoring/dashboard.json'), 'utf8'),
        ).panels.flatMap((p: any) =>
          p.targets.map((t: any) => t.expr as string),
        ),
      ];
      const used = new Set(
        queries.flatMap(q =>
          [...q.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map(m => m[1]),
        ),
      );
      // `up` is written by Prometheus itself for every scrape target.
      used.delete('up');
      expect(used.size).toBeGreaterThanOrEqual(4);
      for (const metric of used) {
        expect({ metric, exported: exported.has(metric) }).toEqual({
          metric,
          exported: true,
        });
      }
      // Structured logs: one JSON object per line.
      const firstLine = output.split('\n')[0];
      expect(JSON.parse(firstLine)).toMatchObject({ level: 30 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('shutting down');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return;
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('timed out');
}
