import { createMockDirectory } from '@backstage/backend-test-utils';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LocalGitRepositories } from './LocalGitRepositories';

const mockDir = createMockDirectory();

const author = { name: 'Guest Developer', email: 'guest@wayfarer.example' };
const committer = { name: 'Wayfarer Portal', email: 'portal@wayfarer.example' };

function repositories() {
  return LocalGitRepositories.create({
    directory: mockDir.resolve('repositories'),
  });
}

function gitLog(repo: string, format: string) {
  return execFileSync('git', ['-C', repo, 'log', `--format=${format}`], {
    encoding: 'utf8',
  }).trim();
}

describe('LocalGitRepositories', () => {
  beforeEach(() => {
    mockDir.setContent({
      workspace: {
        'README.md': '# payment-reminders\n',
        'src/index.ts': 'export {};\n',
        '.git': { HEAD: 'not part of the project' },
      },
    });
  });

  it('creates a cloneable repository whose first commit is authored by the user', async () => {
    const { path, commit } = await repositories().create({
      name: 'payment-reminders',
      sourceDir: mockDir.resolve('workspace'),
      author,
      committer,
      message: 'Create payment-reminders',
      runId: 'run-1',
    });
    expect(path).toBe(mockDir.resolve('repositories/payment-reminders'));
    expect(gitLog(path, '%an <%ae>|%cn|%s')).toBe(
      'Guest Developer <guest@wayfarer.example>|Wayfarer Portal|Create payment-reminders',
    );
    expect(gitLog(path, '%H')).toBe(commit);

    const clone = mockDir.resolve('clone');
    execFileSync('git', ['clone', '-q', path, clone]);
    expect(readFileSync(join(clone, 'src/index.ts'), 'utf8')).toBe(
      'export {};\n',
    );
    // The workspace's own .git folder is not published as content.
    expect(
      execFileSync('git', ['-C', clone, 'ls-files'], { encoding: 'utf8' })
        .trim()
        .split('\n'),
    ).toEqual(['README.md', 'src/index.ts']);
  });

  it('takes pushes to main into the working tree the catalog reads', async () => {
    const { path } = await repositories().create({
      name: 'payment-reminders',
      sourceDir: mockDir.resolve('workspace'),
      author,
      committer,
      message: 'Create',
      runId: 'run-1',
    });
    const clone = mockDir.resolve('clone');
    execFileSync('git', ['clone', '-q', path, clone]);
    execFileSync('bash', [
      '-c',
      `cd ${clone} && echo '# changed' > README.md && git -c user.name=a -c user.email=a@b commit -qam change && git push -q origin main`,
    ]);
    expect(readFileSync(join(path, 'README.md'), 'utf8')).toBe('# changed\n');
  });

  it('refuses a taken name and leaves the existing repository untouched', async () => {
    const store = repositories();
    const first = await store.create({
      name: 'payment-reminders',
      sourceDir: mockDir.resolve('workspace'),
      author,
      committer,
      message: 'First',
      runId: 'run-1',
    });
    await expect(
      store.create({
        name: 'payment-reminders',
        sourceDir: mockDir.resolve('workspace'),
        author,
        committer,
        message: 'Second',
        runId: 'run-2',
      }),
    ).rejects.toThrow(
      'A repository named payment-reminders already exists; choose another name.',
    );
    expect(gitLog(first.path, '%s')).toBe('First');
    // Nothing half-written is left in the staging folder.
    expect(readdirSync(mockDir.resolve('repositories/.staging'))).toEqual([]);
  });

  it('refuses names that could leave the folder', async () => {
    await expect(
      repositories().create({
        name: '../escape',
        sourceDir: mockDir.resolve('workspace'),
        author,
        committer,
        message: 'x',
        runId: 'run-1',
      }),
    ).rejects.toThrow(/cannot be used/);
  });

  it('removes a repository only for the run that created it', async () => {
    const store = repositories();
    await store.create({
      name: 'payment-reminders',
      sourceDir: mockDir.resolve('workspace'),
      author,
      committer,
      message: 'x',
      runId: 'run-1',
    });
    await expect(
      store.removeCreatedBy('payment-reminders', 'run-2'),
    ).resolves.toBe(false);
    expect(await store.exists('payment-reminders')).toBe(true);
    await expect(
      store.removeCreatedBy('payment-reminders', 'run-1'),
    ).resolves.toBe(true);
    expect(await store.list()).toEqual([]);
  });
});
