import { Config } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import { acquireStartupLock } from './acquireStartupLock';
import { checkDatabase } from './checkDatabase';
import { checkExternalAccess } from './checkExternalAccess';
import { checkListenPort } from './checkListenPort';

function say(message: string) {
  process.stderr.write(`[portal] ${message}\n`);
}

/**
 * Starts the backend after checking, before any plugin starts, the two things a new
 * operator most often gets wrong: a database that cannot be reached and a port that
 * is taken. Each problem is printed as a sentence that says what to do, instead of a
 * stack trace from deep inside a plugin's migrations. On PostgreSQL, replicas start
 * one at a time (see acquireStartupLock).
 */
export async function startBackend(backend: {
  start(): Promise<unknown>;
}): Promise<void> {
  const config = await loadConfig();
  if (!config) {
    // Configuration errors are reported by the backend itself, with their context.
    await backend.start();
    return;
  }
  const problems = [
    ...checkExternalAccess(config),
    ...(await checkDatabase(config)),
    ...(await checkListenPort(config)),
  ];
  if (problems.length > 0) {
    process.stderr.write(
      `\n${problems.map(p => `[portal] ${p}`).join('\n\n')}\n\n`,
    );
    process.exit(1);
  }
  const releaseStartupLock = await acquireStartupLock(config, say);
  try {
    await backend.start();
  } finally {
    await releaseStartupLock();
  }
}

async function loadConfig(): Promise<Config | undefined> {
  try {
    const source = ConfigSources.default({
      argv: process.argv,
      env: process.env,
    });
    return await ConfigSources.toConfig(source);
  } catch {
    return undefined;
  }
}
