import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildSite } from '../site/buildSite';
import { CollectingBuildLog } from '../site/BuildLog';
import { runTechdocsMarkdownCli } from './runTechdocsMarkdownCli';

const FEATURE_SITE = path.resolve(__dirname, '../__fixtures__/feature-site');

function captureOutput() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    output: {
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
    },
  };
}

describe('techdocs-markdown build', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'techdocs-md-cli-'));
  });
  afterEach(() => fs.rm(tmp, { recursive: true, force: true }));

  it('runs as a process that builds the site and exits on its own', async () => {
    const cliOut = path.join(tmp, 'site');
    // As a CI step runs it; a thread left running would keep the process from exiting.
    const result = spawnSync(
      process.execPath,
      [
        path.resolve(__dirname, '../../bin/techdocs-markdown'),
        'build',
        '--source-dir',
        FEATURE_SITE,
        '--output-dir',
        cliOut,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    await expect(
      fs.readFile(path.join(cliOut, 'guide/setup/index.html'), 'utf8'),
    ).resolves.toContain('<title>Setting up - Payments Service</title>');
  });

  it('writes the same site as the generator, ready for techdocs-cli publish', async () => {
    const cliOut = path.join(tmp, 'site');
    const { out, output } = captureOutput();
    const code = await runTechdocsMarkdownCli(
      [
        'build',
        '--source-dir',
        FEATURE_SITE,
        '--output-dir',
        cliOut,
        '--etag',
        'sha-1',
      ],
      output,
    );
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/^Built 6 pages into .* in \d+ ms\.$/);

    const generatorOut = path.join(tmp, 'generator');
    await fs.mkdir(generatorOut);
    const built = await buildSite({
      inputDir: FEATURE_SITE,
      outputDir: generatorOut,
      etag: 'sha-1',
      log: new CollectingBuildLog(),
    });

    const cliFiles = (await fs.readdir(cliOut, { recursive: true }))
      .filter(f => f.includes('.'))
      .sort();
    expect(cliFiles).toEqual([...built.files].sort());
    // Same bytes for every file but the metadata, whose build_timestamp differs.
    for (const file of built.files.filter(
      f => f !== 'techdocs_metadata.json',
    )) {
      expect(await fs.readFile(path.join(cliOut, file), 'utf8')).toBe(
        await fs.readFile(path.join(generatorOut, file), 'utf8'),
      );
    }
    const metadata = JSON.parse(
      await fs.readFile(path.join(cliOut, 'techdocs_metadata.json'), 'utf8'),
    );
    expect(metadata).toMatchObject({
      site_name: 'Payments Service',
      etag: 'sha-1',
    });
  });

  it('fails on warnings when asked to, and prints them', async () => {
    const source = path.join(tmp, 'repo');
    await fs.mkdir(path.join(source, 'docs'), { recursive: true });
    await fs.writeFile(
      path.join(source, 'mkdocs.yml'),
      'site_name: x\nhooks: [x.py]\n',
    );
    await fs.writeFile(path.join(source, 'docs/index.md'), '# Hi\n');
    const { err, output } = captureOutput();
    const code = await runTechdocsMarkdownCli(
      [
        'build',
        '--source-dir',
        source,
        '--output-dir',
        path.join(tmp, 'out'),
        '--fail-on-warnings',
      ],
      output,
    );
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(
      /warning: mkdocs.yml: 'hooks' are Python code/,
    );
  });

  it('explains its usage on a wrong command', async () => {
    const { err, output } = captureOutput();
    expect(await runTechdocsMarkdownCli(['serve'], output)).toBe(2);
    expect(err.join('\n')).toContain('Usage: techdocs-markdown build');
  });
});
