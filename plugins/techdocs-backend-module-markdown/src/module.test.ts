import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techdocsPlugin from '@backstage/plugin-techdocs-backend';
import request from 'supertest';
import { techdocsModuleMarkdown } from './module';

const FEATURE_SITE = path.resolve(__dirname, '__fixtures__/feature-site');

function componentFromFile(
  name: string,
  siteDir: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      annotations: {
        // A file location with a `dir:` reference, as the demo organization registers its docs.
        'backstage.io/managed-by-location': `file:${path.join(
          siteDir,
          'catalog-info.yaml',
        )}`,
        'backstage.io/managed-by-origin-location': `file:${path.join(
          siteDir,
          'catalog-info.yaml',
        )}`,
        'backstage.io/techdocs-ref': 'dir:.',
        ...annotations,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

describe('techdocs backend with the markdown module', () => {
  let publishDirectory: string;

  // The stock DocsSynchronizer (plugin-techdocs-backend 2.3) starts a 10 s "taking a little bit
  // longer" interval for every build and clears it only when the build succeeds. The MkDocs build
  // below fails (no mkdocs-techdocs-core here), so its interval would run forever and keep the
  // jest worker from exiting ("A worker process has failed to exit gracefully"). Intervals started
  // during a test are cleared after it.
  const intervals: ReturnType<typeof setInterval>[] = [];
  const realSetInterval = global.setInterval;
  beforeEach(() => {
    jest.spyOn(global, 'setInterval').mockImplementation(((
      ...args: Parameters<typeof setInterval>
    ) => {
      const interval = realSetInterval(...args);
      intervals.push(interval);
      return interval;
    }) as typeof setInterval);
  });
  afterEach(() => {
    intervals.splice(0).forEach(interval => clearInterval(interval));
    jest.restoreAllMocks();
  });

  beforeEach(async () => {
    publishDirectory = await fs.mkdtemp(
      path.join(os.tmpdir(), 'techdocs-md-publish-'),
    );
  });

  afterEach(() => fs.rm(publishDirectory, { recursive: true, force: true }));

  async function startBackend(entities: Entity[]) {
    return startTestBackend({
      features: [
        techdocsPlugin,
        techdocsModuleMarkdown,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            techdocs: {
              builder: 'local',
              generator: { runIn: 'local' },
              publisher: { type: 'local', local: { publishDirectory } },
            },
          },
        }),
      ],
    });
  }

  it('builds a dir: entity on first view and serves the site, metadata and search index', async () => {
    const { server } = await startBackend([
      componentFromFile('payments', FEATURE_SITE),
    ]);
    const auth = mockCredentials.user.header();

    const sync = await request(server)
      .get('/api/techdocs/sync/default/component/payments')
      .set('Authorization', auth);
    expect(sync.status).toBe(200);
    expect(sync.text).toContain('event: finish\ndata: {"updated":true}');
    expect(sync.text).toContain(
      'Building with the TypeScript markdown generator.',
    );

    const page = await request(server)
      .get(
        '/api/techdocs/static/docs/default/component/payments/guide/setup/index.html',
      )
      .set('Authorization', auth);
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      '<article class="md-content__inner md-typeset">',
    );
    expect(page.text).toContain('<h1 id="set-up">Set up');

    const metadata = await request(server)
      .get('/api/techdocs/metadata/techdocs/default/component/payments')
      .set('Authorization', auth);
    expect(metadata.status).toBe(200);
    expect(metadata.body).toMatchObject({
      site_name: 'Payments Service',
      site_description: 'How the payments service works and how to run it.',
    });

    const search = await request(server)
      .get(
        '/api/techdocs/static/docs/default/component/payments/search/search_index.json',
      )
      .set('Authorization', auth);
    expect(search.status).toBe(200);
    expect(JSON.parse(search.text).docs).toContainEqual(
      expect.objectContaining({
        location: 'guide/setup/#requirements',
        title: 'Requirements',
      }),
    );
  });

  it('hands entities annotated with techdocs-engine: mkdocs to the stock MkDocs generator', async () => {
    // The stock generator edits mkdocs.yml in place, so it gets a copy of the fixture.
    const copy = path.join(publishDirectory, 'legacy-repo');
    await fs.cp(FEATURE_SITE, copy, { recursive: true });
    const { server } = await startBackend([
      componentFromFile('legacy', copy, {
        'backstage.io/techdocs-engine': 'mkdocs',
      }),
    ]);
    const sync = await request(server)
      .get('/api/techdocs/sync/default/component/legacy')
      .set('Authorization', mockCredentials.user.header());
    expect(sync.text).toContain(
      'Building with MkDocs (backstage.io/techdocs-engine: mkdocs).',
    );
  });
});
