import path from 'node:path';
import { DocsFolder } from './DocsFolder';
import { CollectingBuildLog } from './BuildLog';
import { pageUrlFor } from './SitePage';
import { siteWorker } from './SiteWorker';
import { runSiteWorkerTask, type SiteWorkerTask } from './siteWorkerTasks';

const FEATURE_SITE = path.resolve(__dirname, '../__fixtures__/feature-site');

async function renderTaskFor(inputDir: string): Promise<SiteWorkerTask> {
  const docs = await DocsFolder.open(
    inputDir,
    'docs',
    new CollectingBuildLog(),
  );
  const files = await docs.listFiles();
  return {
    kind: 'render',
    inputDir,
    docsDir: 'docs',
    files: files.filter(file => file.srcPath.endsWith('.md')),
    urlsBySrcPath: new Map(
      files.map(file => [file.srcPath, pageUrlFor(file.srcPath).url]),
    ),
  };
}

describe('siteWorker', () => {
  it('renders pages on its own thread exactly as the calling thread does', async () => {
    const task = await renderTaskFor(FEATURE_SITE);
    await expect(siteWorker.warmUp()).resolves.toBe(true);
    const onWorker = await siteWorker.run(task);
    expect(siteWorker.onOwnThread).toBe(true);
    const here = await runSiteWorkerTask(task);
    expect(onWorker).toEqual(here);
    expect(onWorker).toHaveLength(6);
  });

  it('reports a failed file system call as an error of the task, with its code', async () => {
    await expect(
      siteWorker.run({
        kind: 'write',
        ops: [{ kind: 'folder', path: '/proc/not-allowed-here' }],
      }),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
