import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { authModuleDemoUsersProvider } from './module';

jest.setTimeout(60_000);

const kwame = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'kwame-asante', namespace: 'default' },
  spec: { memberOf: ['platform-team'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/platform-team' }],
};

function backend(environment: string) {
  return startTestBackend({
    features: [
      authPlugin,
      authModuleDemoUsersProvider,
      catalogServiceMock.factory({ entities: [kwame] }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: {
            environment,
            session: { secret: 'test' },
            providers: { demo: { users: ['user:default/kwame-asante'] } },
          },
        },
      }),
    ],
  });
}

function tokenClaims(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('demo-user sign-in', () => {
  it('signs in as a listed demo user as the catalog user', async () => {
    const b = await backend('development');
    const server = b.server;
    try {
      const res = await request(server)
        .get('/api/auth/demo/refresh')
        .query({ user: 'user:default/kwame-asante' });
      expect(res.status).toBe(200);
      const claims = tokenClaims(res.body.backstageIdentity.token);
      expect(claims.sub).toBe('user:default/kwame-asante');
    } finally {
      await b.stop();
    }
  });

  it('refuses users who are not on the list', async () => {
    const b = await backend('development');
    const server = b.server;
    try {
      const res = await request(server)
        .get('/api/auth/demo/refresh')
        .query({ user: 'user:default/elena-rossi' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'user:default/elena-rossi is not one of the configured demo users.',
      );
    } finally {
      await b.stop();
    }
  });

  it('refuses to start in a production configuration', async () => {
    await expect(backend('production')).rejects.toThrow(
      /must never run in production/,
    );
  });
});
