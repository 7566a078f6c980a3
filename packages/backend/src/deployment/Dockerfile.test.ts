/*
 * Static checks of the production Dockerfile at the repository root. There is no
 * Docker engine here to build it, so the test reads it: the stages, their base
 * images, the user and command of the final stage, and whether the Kubernetes
 * Deployment runs the same command.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const CONFIG_FILES = ['app-config.yaml', 'app-config.production.yaml'];

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions with continuation lines joined and comments dropped, as Docker reads them. */
function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) {
      continue;
    }
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full) {
      const [keyword] = full.split(/\s/, 1);
      instructions.push({
        keyword: keyword.toUpperCase(),
        args: full.slice(keyword.length).trim(),
      });
    }
  }
  return instructions;
}

/** Splits into stages, resolving ${ARG} in FROM from the ARGs declared before the first FROM. */
function parseStages(text: string): Stage[] {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'ARG' && stages.length === 0) {
      const separator = instruction.args.indexOf('=');
      if (separator > 0) {
        args[instruction.args.slice(0, separator)] = instruction.args.slice(
          separator + 1,
        );
      }
    } else if (instruction.keyword === 'FROM') {
      const words = instruction.args
        .split(/\s+/)
        .filter(word => !word.startsWith('--platform'));
      const image = words[0].replace(
        /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
        (_, name) => args[name] ?? '',
      );
      const asIndex = words.findIndex(word => word.toUpperCase() === 'AS');
      stages.push({
        image,
        name: asIndex > 0 ? words[asIndex + 1] : undefined,
        instructions: [],
      });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

function instructionsOf(stage: Stage, keyword: string) {
  return stage.instructions.filter(i => i.keyword === keyword);
}

/** The exec-form CMD of a stage, or undefined for shell form or none. */
function execCommand(stage: Stage): string[] | undefined {
  const cmd = instructionsOf(stage, 'CMD').pop();
  if (!cmd) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(cmd.args);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isRoot(user: string) {
  const [name] = user.split(':');
  return name === 'root' || name === '0';
}

/** Sentences naming what makes a Dockerfile unfit to be the portal's production image. */
function dockerfileProblems(text: string): string[] {
  const problems: string[] = [];
  const stages = parseStages(text);
  if (stages.length < 2) {
    problems.push(
      `it has ${stages.length} stage(s); build and runtime must be separate stages`,
    );
  }
  if (stages.length === 0) {
    return problems;
  }
  for (const stage of stages) {
    if (!/^node:22(\.|-|$)/.test(stage.image)) {
      problems.push(
        `stage ${stage.name ?? stage.image} is based on ${
          stage.image
        }, not Node 22`,
      );
    }
  }
  const runs = stages.flatMap(stage =>
    instructionsOf(stage, 'RUN').map(run => ({ stage, run: run.args })),
  );
  const committedYarn = /node \.yarn\/releases\/yarn-[^\s]*\.cjs/;
  const install = runs.find(({ run }) =>
    new RegExp(`${committedYarn.source} install --immutable`).test(run),
  );
  if (!install) {
    problems.push(
      'no stage runs `yarn install --immutable` with the committed Yarn release',
    );
  }
  for (const step of ['tsc', 'build:backend']) {
    if (
      !runs.some(({ run }) =>
        new RegExp(`${committedYarn.source} ${step}(\\s|$)`).test(run),
      )
    ) {
      problems.push(`no stage runs \`yarn ${step}\``);
    }
  }
  const production = runs.find(({ run }) =>
    /workspaces focus --all --production/.test(run),
  );
  if (!production) {
    problems.push(
      'no stage installs production dependencies with `yarn workspaces focus --all --production`',
    );
  }

  const final = stages[stages.length - 1];
  if (production && production.stage.image !== final.image) {
    problems.push(
      `native addons are built on ${production.stage.image} but run on ${final.image}`,
    );
  }
  const user = instructionsOf(final, 'USER').pop()?.args;
  if (!user || isRoot(user)) {
    problems.push(`the final stage runs as ${user ?? 'root (no USER)'}`);
  }
  if (
    !instructionsOf(final, 'ENV').some(env =>
      /(^|\s)NODE_ENV=production(\s|$)/.test(env.args),
    )
  ) {
    problems.push('the final stage does not set NODE_ENV=production');
  }
  if (
    instructionsOf(final, 'RUN').some(run =>
      /apt-get install|g\+\+|build-essential/.test(run.args),
    )
  ) {
    problems.push('the final stage installs build tools');
  }
  const command = execCommand(final);
  const expected = [
    'node',
    'packages/backend',
    ...CONFIG_FILES.flatMap(file => ['--config', file]),
  ];
  if (JSON.stringify(command) !== JSON.stringify(expected)) {
    problems.push(
      `the final stage's CMD is ${JSON.stringify(
        command ?? 'not in exec form',
      )}, expected ${JSON.stringify(expected)}`,
    );
  }
  if (!/app-config\*\.yaml/.test(text)) {
    problems.push('the image does not receive the app-config*.yaml files');
  }
  if (!/(^|\s)examples(\s|\/|$)/m.test(runs.map(r => r.run).join('\n'))) {
    problems.push('the image does not receive examples/');
  }
  return problems;
}

describe('the production Dockerfile', () => {
  const dockerfile = fs.readFileSync(
    path.join(REPO_ROOT, 'Dockerfile'),
    'utf8',
  );
  const stages = parseStages(dockerfile);

  it('builds in stages on Node 22 and runs the backend with both config files as a non-root user', () => {
    expect(dockerfileProblems(dockerfile)).toEqual([]);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[stages.length - 1].image).toBe('node:22-bookworm-slim');
  });

  it('finds the problems of a single-stage, root, Node 20 image, so the check above is real', () => {
    const bad = [
      'FROM node:20-bookworm-slim',
      'WORKDIR /app',
      'COPY . .',
      'RUN apt-get install -y g++ && yarn install',
      'CMD node packages/backend',
    ].join('\n');
    expect(dockerfileProblems(bad)).toEqual([
      'it has 1 stage(s); build and runtime must be separate stages',
      'stage node:20-bookworm-slim is based on node:20-bookworm-slim, not Node 22',
      'no stage runs `yarn install --immutable` with the committed Yarn release',
      'no stage runs `yarn tsc`',
      'no stage runs `yarn build:backend`',
      'no stage installs production dependencies with `yarn workspaces focus --all --production`',
      'the final stage runs as root (no USER)',
      'the final stage does not set NODE_ENV=production',
      'the final stage installs build tools',
      'the final stage\'s CMD is "not in exec form", expected ["node","packages/backend","--config","app-config.yaml","--config","app-config.production.yaml"]',
      'the image does not receive the app-config*.yaml files',
      'the image does not receive examples/',
    ]);
    expect(
      dockerfileProblems(dockerfile.replace(/^USER node$/gm, 'USER root')),
    ).toEqual(['the final stage runs as root']);
  });

  it('uses a committed Yarn release and config files that exist', () => {
    const yarnrc = yaml.load(
      fs.readFileSync(path.join(REPO_ROOT, '.yarnrc.yml'), 'utf8'),
    ) as { yarnPath: string };
    expect(yarnrc.yarnPath).toMatch(/^\.yarn\/releases\/yarn-.*\.cjs$/);
    expect(fs.existsSync(path.join(REPO_ROOT, yarnrc.yarnPath))).toBe(true);
    for (const file of CONFIG_FILES) {
      expect(fs.existsSync(path.join(REPO_ROOT, file))).toBe(true);
    }
    // One Dockerfile: the host-build one create-app put in packages/backend is gone.
    expect(
      fs.existsSync(path.join(REPO_ROOT, 'packages/backend/Dockerfile')),
    ).toBe(false);
  });

  it('is the command the Kubernetes Deployment runs, on the port it exposes', () => {
    const deployment = yaml.load(
      fs.readFileSync(
        path.join(REPO_ROOT, 'deploy/kubernetes/base/deployment.yaml'),
        'utf8',
      ),
    ) as any;
    const container = deployment.spec.template.spec.containers[0];
    const final = stages[stages.length - 1];
    const command = execCommand(final)!;
    // The Deployment runs the image's CMD and adds its own config file after it.
    expect(
      [...container.command, ...container.args].slice(0, command.length),
    ).toEqual(command);
    const exposed = instructionsOf(final, 'EXPOSE').map(e => Number(e.args));
    expect(exposed).toEqual([container.ports[0].containerPort]);
    // The pod's runAsUser is the image's `node` user (uid 1000 in the node images).
    expect(instructionsOf(final, 'USER').pop()?.args).toBe('node');
    expect(deployment.spec.template.spec.securityContext.runAsUser).toBe(1000);
  });

  it('gets a build context with the sources and without installs, output or secrets', () => {
    const ignored = fs
      .readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map(line => line.trim())
      .filter(line => line && !line.startsWith('#'));
    expect(ignored).toEqual(
      expect.arrayContaining([
        '.git',
        'node_modules',
        'packages/*/node_modules',
        'packages/*/dist',
        '*.local.yaml',
      ]),
    );
    // The build stage compiles from source, so sources and the Yarn release must be sent.
    for (const needed of [
      'packages',
      'plugins',
      'packages/*/src',
      'plugins/*/src',
      '.yarn',
      '.yarn/releases',
      'examples',
      'app-config.yaml',
      'yarn.lock',
    ]) {
      expect(ignored).not.toContain(needed);
    }
  });
});
