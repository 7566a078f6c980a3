import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite } from '../site/buildSite';
import type { BuildLog } from '../site/BuildLog';

const USAGE = `Usage: techdocs-markdown build [options]

Builds a TechDocs site from a folder with mkdocs.yml and docs/, like 'techdocs-cli generate',
without Python or Docker. Publish the result with 'techdocs-cli publish --directory <output-dir>'.

Options:
  --source-dir <dir>    folder with mkdocs.yml (default: .)
  --output-dir <dir>    where to write the site; emptied first (default: ./site)
  --site-name <name>    site_name when mkdocs.yml has none
  --etag <etag>         stored in techdocs_metadata.json (e.g. the commit SHA)
  --fail-on-warnings    exit with 1 when anything was refused or ignored
  --verbose             print informational messages too
  -h, --help            show this help
`;

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: CliOutput = {
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
};

/** The `techdocs-markdown` command. Returns the process exit code. */
export async function runTechdocsMarkdownCli(
  argv: string[],
  output: CliOutput = consoleOutput,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'source-dir': { type: 'string', default: '.' },
        'output-dir': { type: 'string', default: './site' },
        'site-name': { type: 'string' },
        etag: { type: 'string' },
        'fail-on-warnings': { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    output.out(USAGE);
    return 0;
  }
  if (positionals[0] !== 'build' || positionals.length > 1) {
    output.err(USAGE);
    return 2;
  }

  const sourceDir = path.resolve(values['source-dir']!);
  const outputDir = path.resolve(values['output-dir']!);
  if (
    sourceDir === outputDir ||
    sourceDir.startsWith(`${outputDir}${path.sep}`)
  ) {
    output.err(
      'The output folder must not contain the source folder; choose another --output-dir.',
    );
    return 2;
  }
  let warnings = 0;
  const log: BuildLog = {
    info: message => values.verbose && output.err(`info: ${message}`),
    warn: message => {
      warnings++;
      output.err(`warning: ${message}`);
    },
    debug: () => {},
  };
  try {
    const started = Date.now();
    await fs.rm(outputDir, { recursive: true, force: true });
    await fs.mkdir(outputDir, { recursive: true });
    const result = await buildSite({
      inputDir: sourceDir,
      outputDir,
      etag: values.etag,
      defaultSiteName: values['site-name'],
      log,
    });
    output.out(
      `Built ${result.pages.length} pages into ${outputDir} in ${
        Date.now() - started
      } ms${warnings ? ` with ${warnings} warning(s)` : ''}.`,
    );
  } catch (error) {
    output.err(`error: ${(error as Error).message}`);
    return 1;
  }
  return values['fail-on-warnings'] && warnings > 0 ? 1 : 0;
}
