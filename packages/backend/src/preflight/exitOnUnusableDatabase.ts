import { ConfigSources } from '@backstage/config-loader';
import { Config } from '@backstage/config';
import { checkDatabase } from './checkDatabase';
import { checkListenPort } from './checkListenPort';

/**
 * Checks, before any plugin starts, the two things a new operator most often gets
 * wrong: a database that cannot be reached and a port that is taken. Each problem is
 * printed as a sentence that says what to do, instead of a stack trace from deep
 * inside a plugin's migrations.
 */
export async function exitOnUnusableDatabase(): Promise<void> {
  let config: Config;
  try {
    const source = ConfigSources.default({
      argv: process.argv,
      env: process.env,
    });
    config = await ConfigSources.toConfig(source);
  } catch (error) {
    // Configuration errors are reported by the backend itself, with their own context.
    return;
  }
  const problems = [
    ...(await checkDatabase(config)),
    ...(await checkListenPort(config)),
  ];
  if (problems.length === 0) {
    return;
  }
  for (const problem of problems) {
    process.stderr.write(`\n[portal] ${problem}\n`);
  }
  process.stderr.write('\n');
  process.exit(1);
}
