import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { prebuildAllDocs } from './prebuildAllDocs';

/**
 * Stands in for the TechDocs backend's sync endpoint, with its real contract: a
 * server-sent event stream that ends in `finish` ({ updated }) or `error`.
 */
function startFakeTechdocs(
  answer: (path: string) => string,
): Promise<{ server: Server; baseUrl: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.end(answer(req.url ?? ''));
  });
  return new Promise(resolve =>
    server.listen(0, () =>
      resolve({
        server,
        baseUrl: `http://localhost:${(server.address() as AddressInfo).port}`,
        requests,
      }),
    ),
  );
}

const entity = (name: string, withDocs: boolean): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: withDocs
      ? { 'backstage.io/techdocs-ref': 'dir:.' }
      : ({} as Record<string, string>),
  },
  spec: {},
});

describe('prebuildAllDocs', () => {
  let fake: Awaited<ReturnType<typeof startFakeTechdocs>>;
  afterEach(() => fake?.server.close());

  it('syncs the docs of every entity that has them and counts what was built', async () => {
    fake = await startFakeTechdocs(path =>
      path.endsWith('/fresh')
        ? 'event: log\ndata: "building"\n\nevent: finish\ndata: {"updated":true}\n\n'
        : 'event: finish\ndata: {"updated":false}\n\n',
    );
    const summary = await prebuildAllDocs({
      catalog: catalogServiceMock({
        entities: [
          entity('fresh', true),
          entity('built-before', true),
          entity('no-docs', false),
        ],
      }),
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async () => fake.baseUrl,
        getExternalBaseUrl: async () => fake.baseUrl,
      },
      logger: mockServices.logger.mock(),
    });

    expect(summary).toEqual({ entities: 2, built: 1, upToDate: 1, failed: [] });
    expect(fake.requests.map(r => r.url).sort()).toEqual([
      '/sync/default/Component/built-before',
      '/sync/default/Component/fresh',
    ]);
    expect(fake.requests[0].headers.authorization).toMatch(/^Bearer /);
  });

  it('reports an entity whose build fails and carries on with the others', async () => {
    fake = await startFakeTechdocs(path =>
      path.endsWith('/broken')
        ? 'event: error\ndata: "mkdocs.yml not found"\n\n'
        : 'event: finish\ndata: {"updated":true}\n\n',
    );
    const logger = mockServices.logger.mock();
    const summary = await prebuildAllDocs({
      catalog: catalogServiceMock({
        entities: [entity('broken', true), entity('fine', true)],
      }),
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async () => fake.baseUrl,
        getExternalBaseUrl: async () => fake.baseUrl,
      },
      logger,
    });

    expect(summary).toEqual({
      entities: 2,
      built: 1,
      upToDate: 0,
      failed: ['component:default/broken'],
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('mkdocs.yml not found'),
    );
  });
});
