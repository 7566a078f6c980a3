import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  onBehalfOfAuthServiceFactories,
  PORTAL_TEST_DATABASE_IDS,
  PortalTestDatabaseId,
  teamUserInfoServiceFactory,
} from '@internal/backend-test-kit';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import request from 'supertest';
import permissionModuleOwnershipPolicy from '.';

const TEAMS = {
  'user:default/alice': ['group:default/team-payments'],
  'user:default/bob': ['group:default/team-search'],
  'user:default/root': ['group:default/platform-admins'],
};

// Starting a backend and waiting for the catalog to process takes seconds.
jest.setTimeout(60_000);

const mockDir = createMockDirectory();
const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });

async function startPortalBackend(databaseId: PortalTestDatabaseId) {
  mockDir.setContent({
    'catalog-info.yaml': [
      component('payments-api', 'team-payments'),
      component('search-api', 'team-search'),
    ].join('\n---\n'),
  });
  const knex = await databases.init(databaseId);
  return startTestBackend({
    features: [
      catalogPlugin,
      permissionPlugin,
      permissionModuleOwnershipPolicy,
      teamUserInfoServiceFactory(TEAMS),
      ...onBehalfOfAuthServiceFactories,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          portal: {
            permissions: { adminGroups: ['group:default/platform-admins'] },
          },
          catalog: {
            rules: [{ allow: ['Component', 'Location'] }],
            locations: [
              { type: 'file', target: mockDir.resolve('catalog-info.yaml') },
            ],
          },
        },
      }),
    ],
  });
}

function component(name: string, owner: string) {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: ${owner}`;
}

async function waitForEntityUid(server: any, name: string): Promise<string> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/component/default/${name}`)
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
    if (res.status === 200) {
      return res.body.metadata.uid;
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`component ${name} never appeared in the catalog`);
}

describe.each(PORTAL_TEST_DATABASE_IDS)('ownership policy on %s', databaseId => {
  it('lets a member of another team read but not unregister an entity; the owner can', async () => {
    const backend = await startPortalBackend(databaseId);
    const server = backend.server;
    try {
      const uid = await waitForEntityUid(server, 'payments-api');

      const outsider = await request(server)
        .delete(`/api/catalog/entities/by-uid/${uid}`)
        .set('Authorization', mockCredentials.user.header('user:default/bob'));
      expect(outsider.status).toBe(403);
      expect(outsider.body.error.name).toBe('NotAllowedError');

      const stillThere = await request(server)
        .get('/api/catalog/entities/by-name/component/default/payments-api')
        .set('Authorization', mockCredentials.user.header('user:default/bob'));
      expect(stillThere.status).toBe(200);

      const owner = await request(server)
        .delete(`/api/catalog/entities/by-uid/${uid}`)
        .set('Authorization', mockCredentials.user.header('user:default/alice'));
      expect(owner.status).toBe(204);

      const gone = await request(server)
        .get(`/api/catalog/entities/by-uid/${uid}`)
        .set('Authorization', mockCredentials.user.header('user:default/alice'));
      expect(gone.status).toBe(404);
    } finally {
      await backend.stop();
    }
  });

  it('lets a platform admin unregister any entity and refuses anonymous callers', async () => {
    const backend = await startPortalBackend(databaseId);
    const server = backend.server;
    try {
      const uid = await waitForEntityUid(server, 'search-api');

      const anonymous = await request(server).delete(
        `/api/catalog/entities/by-uid/${uid}`,
      );
      expect(anonymous.status).toBe(401);

      const admin = await request(server)
        .delete(`/api/catalog/entities/by-uid/${uid}`)
        .set('Authorization', mockCredentials.user.header('user:default/root'));
      expect(admin.status).toBe(204);
    } finally {
      await backend.stop();
    }
  });

  it('keeps catalog locations for platform admins to remove', async () => {
    const backend = await startPortalBackend(databaseId);
    const server = backend.server;
    try {
      const created = await request(server)
        .post('/api/catalog/locations')
        .set('Authorization', mockCredentials.user.header('user:default/alice'))
        .send({ type: 'url', target: 'https://git.example.com/a/catalog-info.yaml' });
      expect(created.status).toBe(201);
      const id = created.body.location.id;

      const owner = await request(server)
        .delete(`/api/catalog/locations/${id}`)
        .set('Authorization', mockCredentials.user.header('user:default/alice'));
      expect(owner.status).toBe(403);

      const admin = await request(server)
        .delete(`/api/catalog/locations/${id}`)
        .set('Authorization', mockCredentials.user.header('user:default/root'));
      expect(admin.status).toBe(204);
    } finally {
      await backend.stop();
    }
  });
});
