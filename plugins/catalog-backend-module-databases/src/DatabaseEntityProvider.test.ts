import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseEntityProvider } from './DatabaseEntityProvider';

// A stand-in for the databases plugin's /entities route, over real HTTP.
let answer: (req: http.IncomingMessage) => { status: number; body: unknown };
const server = http.createServer((req, res) => {
  const { status, body } = answer(req);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
});
const discovery = {
  getBaseUrl: async (pluginId: string) =>
    `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/${pluginId}`,
  getExternalBaseUrl: async (pluginId: string) => `http://example/api/${pluginId}`,
};
beforeAll(done => {
  server.listen(0, '127.0.0.1', done);
});
afterAll(done => {
  server.close(done);
});

function resource(name: string, id: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      annotations: { 'wayfarer.example/database-id': id },
    },
    spec: { type: 'database', owner: 'group:default/team-checkout' },
  };
}

describe('DatabaseEntityProvider', () => {
  it('replaces the Resources with what the databases plugin lists, as a service', async () => {
    let entities = [resource('orders-development', 'a'), resource('carts-production', 'b')];
    const authHeaders: string[] = [];
    answer = req => {
      expect(req.url).toBe('/api/databases/entities');
      authHeaders.push(req.headers.authorization ?? '');
      return { status: 200, body: { entities } };
    };
    const provider = new DatabaseEntityProvider({
      discovery,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    await provider.connect(connection);

    await provider.refresh();
    expect(connection.applyMutation).toHaveBeenLastCalledWith({
      type: 'full',
      entities: [
        { entity: entities[0], locationKey: 'databases:a' },
        { entity: entities[1], locationKey: 'databases:b' },
      ],
    });
    expect(authHeaders[0]).toMatch(/^Bearer /);

    // A dropped database disappears; the same database twice is still one entity.
    entities = [resource('orders-development', 'a')];
    await Promise.all([provider.refresh(), provider.refresh()]);
    await provider.refresh();
    expect(connection.applyMutation).toHaveBeenLastCalledWith({
      type: 'full',
      entities: [{ entity: entities[0], locationKey: 'databases:a' }],
    });
  });

  it('keeps the catalog as it is when the databases plugin does not answer', async () => {
    answer = () => ({
      status: 503,
      body: { error: { name: 'Error', message: 'down' } },
    });
    const logger = mockServices.logger.mock();
    const provider = new DatabaseEntityProvider({
      discovery,
      auth: mockServices.auth(),
      logger,
    });
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    await provider.connect(connection);
    await provider.refresh();
    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Could not refresh database Resources'),
    );
  });
});
