import { ConflictError, InputError } from '@backstage/errors';
import { describeEntityNameProblem } from '@internal/plugin-golden-paths-common';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { refusal } from '../refusal';

const execFileAsync = promisify(execFile);

/** The git config key that records which scaffolder run created a repository. */
const CREATED_BY_RUN_KEY = 'golden-paths.task';
const STAGING_FOLDER = '.staging';

export type GitIdentity = { name: string; email: string };

/**
 * The local git repositories of the embedded default: one folder per project
 * under a configured directory, each a normal repository with a working tree on
 * `main` that the catalog and TechDocs read, cloneable with `git clone <path>`.
 * Pushes to `main` update the working tree (`receive.denyCurrentBranch
 * updateInstead`), so the catalog follows what developers push.
 */
export class LocalGitRepositories {
  private constructor(private readonly directory: string) {}

  static create(options: { directory: string }) {
    return new LocalGitRepositories(resolve(options.directory));
  }

  pathOf(name: string): string {
    assertValidName(name);
    return join(this.directory, name);
  }

  async exists(name: string): Promise<boolean> {
    return stat(this.pathOf(name)).then(
      () => true,
      () => false,
    );
  }

  /**
   * Commits the contents of `sourceDir` as the first commit of a new repository
   * named `name`. The repository is written in a staging folder and renamed into
   * place, so it appears complete or not at all; a name that is already taken
   * fails with a ConflictError and leaves the existing repository untouched.
   */
  async create(options: {
    name: string;
    sourceDir: string;
    author: GitIdentity;
    committer: GitIdentity;
    message: string;
    runId: string;
  }): Promise<{ path: string; commit: string }> {
    const { name, sourceDir, author, committer, message, runId } = options;
    const path = this.pathOf(name);
    const staging = join(
      this.directory,
      STAGING_FOLDER,
      `${name}.${randomBytes(4).toString('hex')}`,
    );
    let claimed = false;
    try {
      await mkdir(join(this.directory, STAGING_FOLDER), { recursive: true });
      await cp(sourceDir, staging, {
        recursive: true,
        filter: source =>
          !relative(sourceDir, source).split(sep).includes('.git'),
      });
      await git(staging, ['init', '--quiet', '--initial-branch=main']);
      await git(staging, [
        'config',
        'receive.denyCurrentBranch',
        'updateInstead',
      ]);
      await git(staging, ['config', CREATED_BY_RUN_KEY, runId]);
      await git(staging, ['add', '--all']);
      await git(staging, ['commit', '--quiet', '--no-verify', '-m', message], {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: committer.name,
        GIT_COMMITTER_EMAIL: committer.email,
      });
      const commit = (await git(staging, ['rev-parse', 'HEAD'])).trim();

      // mkdir is the atomic "is this name free" check between concurrent runs;
      // rename then swaps the finished repository in for the empty folder.
      try {
        await mkdir(path);
        claimed = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw refusal(
            new ConflictError(
              `A repository named ${name} already exists; choose another name.`,
            ),
          );
        }
        throw error;
      }
      await rename(staging, path);
      return { path, commit };
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      if (claimed) {
        await rmdir(path).catch(() => undefined);
      }
      throw error;
    }
  }

  /**
   * Deletes a repository, but only one that the given run created: a rollback
   * must never remove a project that someone else made under the same name.
   */
  async removeCreatedBy(name: string, runId: string): Promise<boolean> {
    const path = this.pathOf(name);
    if (!(await this.exists(name))) {
      return false;
    }
    const createdBy = await git(path, ['config', '--get', CREATED_BY_RUN_KEY])
      .then(out => out.trim())
      .catch(() => undefined);
    if (createdBy !== runId) {
      return false;
    }
    await rm(path, { recursive: true, force: true });
    return true;
  }

  /** Names of the repositories present, for tests and diagnostics. */
  async list(): Promise<string[]> {
    const names = await readdir(this.directory).catch(() => [] as string[]);
    return names.filter(n => !n.startsWith('.')).sort();
  }
}

function assertValidName(name: string) {
  const problem = describeEntityNameProblem(name);
  if (problem) {
    throw refusal(
      new InputError(
        `The name ${JSON.stringify(name)} cannot be used: ${problem}`,
      ),
    );
  }
}

async function git(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', args, {
      cwd,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        // The server's own git settings (signing, hooks, templates) must not
        // change what a golden path produces.
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_TERMINAL_PROMPT: '0',
        HOME: cwd,
        ...env,
      },
      maxBuffer: 10 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new Error(
      `git ${args[0]} failed${stderr ? `: ${stderr.split('\n')[0]}` : ''}`,
    );
  }
}
