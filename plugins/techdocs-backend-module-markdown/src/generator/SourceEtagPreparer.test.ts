import { createMockDirectory } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { PreparerBase } from '@backstage/plugin-techdocs-node';
import { utimesSync, writeFileSync } from 'node:fs';
import { SourceEtagPreparer } from './SourceEtagPreparer';

const mockDir = createMockDirectory();
const entity = { metadata: { name: 'checkout-service' } } as Entity;

/** A local folder as the stock DirectoryPreparer returns it: no etag. */
const directoryPreparer: PreparerBase = {
  prepare: async () => ({ preparedDir: mockDir.path, etag: '' }),
  shouldCleanPreparedDirectory: () => false,
};

describe('SourceEtagPreparer', () => {
  const preparer = new SourceEtagPreparer(directoryPreparer);

  beforeEach(() => {
    mockDir.setContent({
      'mkdocs.yml': 'site_name: Checkout\ndocs_dir: handbook\n',
      'handbook/index.md': '# Checkout',
      'handbook/runbook/alerts.md': '# Alerts',
      'src/Main.kt': 'fun main() {}',
    });
  });

  it('gives a local folder an etag and reports it unchanged on the next sync', async () => {
    const first = await preparer.prepare(entity);
    expect(first.etag).toMatch(/^local-[0-9a-f]{32}$/);
    await expect(
      preparer.prepare(entity, { etag: first.etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it('changes the etag when a page or the MkDocs config changes', async () => {
    const before = (await preparer.prepare(entity)).etag;
    writeFileSync(
      mockDir.resolve('handbook/runbook/alerts.md'),
      '# Alerts and pages',
    );
    const afterPage = (await preparer.prepare(entity, { etag: before })).etag;
    expect(afterPage).not.toBe(before);

    const later = new Date(Date.now() + 60_000);
    utimesSync(mockDir.resolve('mkdocs.yml'), later, later);
    const afterConfig = (await preparer.prepare(entity, { etag: afterPage }))
      .etag;
    expect(afterConfig).not.toBe(afterPage);
  });

  it('ignores files outside the docs folder, which the build does not read', async () => {
    const before = (await preparer.prepare(entity)).etag;
    writeFileSync(mockDir.resolve('src/Main.kt'), 'fun main() { println() }');
    await expect(
      preparer.prepare(entity, { etag: before }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it('leaves remote trees, which carry their own etag, to their preparer', async () => {
    const remote = new SourceEtagPreparer({
      prepare: async () => ({ preparedDir: '/tmp/x', etag: 'sha-abc' }),
      shouldCleanPreparedDirectory: () => true,
    });
    await expect(remote.prepare(entity, { etag: 'sha-abc' })).resolves.toEqual({
      preparedDir: '/tmp/x',
      etag: 'sha-abc',
    });
  });
});
