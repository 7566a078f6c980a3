import path from 'node:path';
import crypto from 'node:crypto';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  onBehalfOfAuthServiceFactories,
  PORTAL_TEST_DATABASE_IDS,
  PortalTestDatabaseId,
  teamUserInfoServiceFactory,
} from '@internal/backend-test-kit';
import ownershipPolicyModule from '@internal/plugin-permission-backend-module-ownership-policy';
import request from 'supertest';
import { databasesPlugin } from './plugin';
import { scramVerifierMatches } from './provisioning/scram';
import { Recorded } from './testing/recordingServices';
import {
  dropServerObjects,
  ensureTestProvisioner,
  serverObjects,
  testPrefix,
  tryConnect,
} from './testing/testTarget';

// Real permission backend and policy, real PostgreSQL as the provisioning target (through a
// non-superuser role the test creates), the plugin's store on SQLite and on PostgreSQL.
jest.setTimeout(120_000);

const TEAMS = {
  'user:default/guest': ['group:default/team-checkout'],
  'user:default/priya': ['group:default/team-checkout'],
  'user:default/bob': ['group:default/team-search'],
  'user:default/kwame': ['group:default/platform-team'],
  'user:default/sara': ['group:default/platform-team'],
  'user:default/elena': ['group:default/platform-team', 'group:default/platform-admins'],
};

const component = (name: string, owner: string, system: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner, system },
});

const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });
const prefix = testPrefix();

afterAll(async () => {
  await dropServerObjects(prefix);
});

async function startBackend(
  databaseId: PortalTestDatabaseId,
  options: { stagingDown?: boolean } = {},
) {
  const recorded = new Recorded();
  const target = await ensureTestProvisioner();
  const connection = { ...target, database: 'postgres' };
  const knex = await databases.init(databaseId);
  const backend = await startTestBackend({
    features: [
      databasesPlugin,
      permissionPlugin,
      ownershipPolicyModule,
      teamUserInfoServiceFactory(TEAMS),
      ...onBehalfOfAuthServiceFactories,
      ...recorded.factories(),
      actionsRegistryServiceMock.factory(),
      // The real scheduler: the worker's sweep must run as it does in the portal.
      schedulerServiceFactory,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({
        entities: [
          component('checkout-service', 'team-checkout', 'checkout'),
          component('search-gateway', 'team-search', 'search'),
          component('developer-portal', 'platform-team', 'developer-platform'),
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          portal: { permissions: { adminGroups: ['group:default/platform-admins'] } },
          databases: {
            policy: { files: [path.resolve(__dirname, '../../../policies/databases')] },
            approval: { groups: ['group:default/platform-team'] },
            targets: {
              development: { connection },
              staging: options.stagingDown
                ? { connection: { ...connection, port: 1 } }
                : { connection },
              production: { connection },
            },
            secrets: {
              encryption: {
                keys: [{ id: 'test', secret: crypto.randomBytes(32).toString('base64') }],
              },
            },
            worker: {
              schedule: { frequency: { milliseconds: 500 }, timeout: { minutes: 1 } },
              lease: { seconds: 5 },
              maxAttempts: 2,
              retryDelay: { milliseconds: 200 },
            },
            monitoring: {
              schedule: { frequency: { hours: 1 }, timeout: { minutes: 1 } },
            },
            decommission: { gracePeriod: { seconds: 1 } },
          },
        },
      }),
    ],
  });
  return { backend, server: backend.server, recorded };
}

const as = (user: string) => mockCredentials.user.header(`user:default/${user}`);

async function waitFor<T>(
  fetch: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 200; i++) {
    last = await fetch();
    if (done(last)) return last;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

function getRequest(server: any, id: string, user = 'guest') {
  return request(server).get(`/api/databases/requests/${id}`).set('Authorization', as(user));
}

function waitForRequest(server: any, id: string, statuses: string[]) {
  return waitFor(
    async () => (await getRequest(server, id)).body,
    body => statuses.includes(body.status),
    `request ${id} to be ${statuses.join(' or ')}`,
  );
}

function waitForDatabase(server: any, id: string, done: (db: any) => boolean, what: string) {
  return waitFor(
    async () =>
      (
        await request(server)
          .get(`/api/databases/databases/${id}`)
          .set('Authorization', as('guest'))
      ).body,
    done,
    what,
  );
}

describe.each(PORTAL_TEST_DATABASE_IDS)('databases plugin on %s', databaseId => {
  it('provisions an allowed request in seconds: the owners connect, other teams cannot', async () => {
    const { backend, server, recorded } = await startBackend(databaseId);
    const names = { mine: `${prefix}${databaseId === 'SQLITE_3' ? 'a' : 'b'}orders`, theirs: `${prefix}${databaseId === 'SQLITE_3' ? 'a' : 'b'}search` };
    try {
      const submitted = await request(server)
        .post('/api/databases/requests')
        .set('Authorization', as('guest'))
        .send({
          component: 'component:default/checkout-service',
          name: names.mine,
          environment: 'development',
          size: 'small',
        });
      expect(submitted.status).toBe(201);
      expect(submitted.body).toMatchObject({
        status: 'queued',
        verdict: { decision: 'allow', reasons: [], approvalReasons: [] },
        monthlyCostUsd: 25,
        ownerRef: 'group:default/team-checkout',
      });
      const done = await waitForRequest(server, submitted.body.id, ['completed', 'failed']);
      expect(done.status).toBe('completed');

      const theirs = await request(server)
        .post('/api/databases/requests')
        .set('Authorization', as('bob'))
        .send({
          component: 'component:default/search-gateway',
          name: names.theirs,
          environment: 'development',
          size: 'small',
        });
      expect(theirs.status).toBe(201);
      await waitForRequest(server, theirs.body.id, ['completed']);

      const list = await request(server)
        .get('/api/databases/databases?component=component:default/checkout-service')
        .set('Authorization', as('guest'));
      const db = list.body.items.find((d: any) => d.spec.name === names.mine);
      expect(db).toMatchObject({
        status: 'active',
        entityRef: `resource:default/${names.mine.replace(/_/g, '-')}-development`,
        allowed: { revealCredentials: true, rotate: true, resize: true, decommission: true },
      });

      const creds = await request(server)
        .post(`/api/databases/databases/${db.id}/credentials`)
        .set('Authorization', as('guest'));
      expect(creds.status).toBe(200);
      expect(creds.body.password).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(await tryConnect(creds.body)).toBe('ok');

      // The server stores a SCRAM verifier of exactly that password; no plain text.
      const { roles, databases: dbs } = await serverObjects(prefix);
      const role = roles.find(r => r.name === creds.body.username)!;
      expect(role.verifier).toMatch(/^SCRAM-SHA-256\$4096:/);
      expect(scramVerifierMatches(role.verifier, creds.body.password)).toBe(true);
      expect(role.limit).toBe(20);
      const created = dbs.find(d => d.name === creds.body.database)!;
      expect(created.owner).toBe(creds.body.username);
      expect(created.acl).not.toMatch(/(^|,)=/); // PUBLIC has nothing

      // Bob's team role cannot open a session on the checkout team's database.
      const bobsDb = (
        await request(server)
          .get('/api/databases/databases?component=component:default/search-gateway')
          .set('Authorization', as('bob'))
      ).body.items.find((d: any) => d.spec.name === names.theirs);
      const bobsCreds = await request(server)
        .post(`/api/databases/databases/${bobsDb.id}/credentials`)
        .set('Authorization', as('bob'));
      expect(
        await tryConnect({ ...bobsCreds.body, database: creds.body.database }),
      ).toMatch(/permission denied for database/);

      // A teammate may reveal; another team, a platform engineer and an admin may not.
      expect(
        (
          await request(server)
            .post(`/api/databases/databases/${db.id}/credentials`)
            .set('Authorization', as('priya'))
        ).status,
      ).toBe(200);
      for (const user of ['bob', 'kwame', 'elena']) {
        const denied = await request(server)
          .post(`/api/databases/databases/${db.id}/credentials`)
          .set('Authorization', as(user));
        expect(denied.status).toBe(403);
        expect(JSON.stringify(denied.body)).not.toContain(creds.body.password);
      }
      const otherView = await request(server)
        .get(`/api/databases/databases/${db.id}`)
        .set('Authorization', as('bob'));
      expect(otherView.body.allowed).toEqual({
        revealCredentials: false,
        rotate: false,
        resize: false,
        decommission: false,
      });

      // Catalog Resource for the entity provider, with the cost keys other plugins read.
      const entities = await request(server)
        .get('/api/databases/entities')
        .set('Authorization', mockCredentials.service.header());
      const entity = entities.body.entities.find(
        (e: any) => e.metadata.annotations['wayfarer.example/database-id'] === db.id,
      );
      expect(entity).toMatchObject({
        kind: 'Resource',
        spec: {
          type: 'database',
          owner: 'group:default/team-checkout',
          system: 'system:default/checkout',
          dependencyOf: ['component:default/checkout-service'],
        },
        metadata: {
          annotations: {
            'wayfarer.example/size-class': 'small',
            'wayfarer.example/monthly-cost-usd': '25',
          },
        },
      });
      expect(
        (await request(server).get('/api/databases/entities').set('Authorization', as('guest')))
          .status,
      ).toBe(403);

      await backend.stop();
      // Owners heard about it; the DevEx event carries the contract fields; no secret anywhere.
      expect(recorded.notifications).toContainEqual(
        expect.objectContaining({
          recipients: expect.objectContaining({
            entityRef: ['user:default/guest', 'group:default/team-checkout'],
          }),
          payload: expect.objectContaining({
            title: `Your database ${names.mine} (development) is ready`,
            link: `/catalog/default/resource/${names.mine.replace(/_/g, '-')}-development/database`,
          }),
        }),
      );
      expect(recorded.events).toContainEqual({
        topic: 'databases.request',
        eventPayload: expect.objectContaining({
          requestId: submitted.body.id,
          status: 'provisioned',
          team: 'group:default/team-checkout',
          componentRef: 'component:default/checkout-service',
          monthlyCostUsd: 25,
          requestedAt: expect.any(String),
          completedAt: expect.any(String),
        }),
      });
      const everything = recorded.everything() + JSON.stringify(entities.body);
      expect(everything).not.toContain(creds.body.password);
      expect(everything).not.toContain(bobsCreds.body.password);
    } finally {
      await backend.stop();
    }
  });

  it('makes a risky request wait for a platform-team member other than the requester', async () => {
    const { backend, server, recorded } = await startBackend(databaseId);
    const name = `${prefix}${databaseId === 'SQLITE_3' ? 'a' : 'b'}portal`;
    try {
      const body = {
        component: 'component:default/developer-portal',
        name,
        environment: 'production',
        size: 'large',
        highAvailability: true,
        backupRetentionDays: 14,
        justification: 'The portal catalog grows past what medium can hold.',
      };
      const dryRun = await request(server)
        .post('/api/databases/requests/dry-run')
        .set('Authorization', as('kwame'))
        .send(body);
      expect(dryRun.body.verdict).toMatchObject({
        decision: 'needs-approval',
        approvalReasons: [
          { message: 'A large production database needs the approval of a platform-team member.' },
        ],
      });
      // A dry run changes nothing.
      expect((await serverObjects(name)).roles).toEqual([]);

      const submitted = await request(server)
        .post('/api/databases/requests')
        .set('Authorization', as('kwame'))
        .send(body);
      expect(submitted.body).toMatchObject({ status: 'awaiting-approval', canDecide: false });

      // Nobody approves their own request, not even a platform admin; developers never do.
      const own = await request(server)
        .post(`/api/databases/requests/${submitted.body.id}/approve`)
        .set('Authorization', as('kwame'))
        .send({ comment: 'looks fine to me' });
      expect(own.status).toBe(403);
      expect(own.body.error.message).toMatch(/cannot approve or reject your own request/);
      const developer = await request(server)
        .post(`/api/databases/requests/${submitted.body.id}/approve`)
        .set('Authorization', as('guest'))
        .send({ comment: 'sure' });
      expect(developer.status).toBe(403);
      const empty = await request(server)
        .post(`/api/databases/requests/${submitted.body.id}/approve`)
        .set('Authorization', as('sara'))
        .send({ comment: '  ' });
      expect(empty.status).toBe(400);
      expect((await getRequest(server, submitted.body.id, 'sara')).body).toMatchObject({
        status: 'awaiting-approval',
        canDecide: true,
      });
      expect((await serverObjects(name)).roles).toEqual([]);

      const approved = await request(server)
        .post(`/api/databases/requests/${submitted.body.id}/approve`)
        .set('Authorization', as('sara'))
        .send({ comment: 'Capacity reviewed; approved.' });
      expect(approved.status).toBe(200);
      const done = await waitForRequest(server, submitted.body.id, ['completed', 'failed']);
      expect(done).toMatchObject({
        status: 'completed',
        decidedBy: 'user:default/sara',
        decisionComment: 'Capacity reviewed; approved.',
      });
      const again = await request(server)
        .post(`/api/databases/requests/${submitted.body.id}/reject`)
        .set('Authorization', as('elena'))
        .send({ comment: 'too late' });
      expect(again.status).toBe(409);
      const { roles, databases: dbs } = await serverObjects(name);
      expect(roles.map(r => r.name)).toEqual([`${name}_prd_owner`]);
      expect(roles[0].limit).toBe(200);
      expect(dbs.map(d => d.name)).toEqual([`${name}_prd`]);

      await backend.stop();
      expect(recorded.notifications).toContainEqual(
        expect.objectContaining({
          recipients: {
            type: 'entity',
            entityRef: ['group:default/platform-team'],
            excludeEntityRef: 'user:default/kwame',
          },
          payload: expect.objectContaining({
            link: `/databases/requests/${submitted.body.id}`,
          }),
        }),
      );
      const statuses = recorded.events
        .filter(e => (e.eventPayload as any).requestId === submitted.body.id)
        .map(e => (e.eventPayload as any).status);
      expect(statuses).toEqual(['awaiting-approval', 'provisioned']);
      const provisioned = recorded.events.find(
        e => (e.eventPayload as any).status === 'provisioned' && (e.eventPayload as any).requestId === submitted.body.id,
      )!.eventPayload as any;
      expect(provisioned.approvalWaitMs).toBeGreaterThanOrEqual(0);
      expect(provisioned.decidedAt).toEqual(expect.any(String));
    } finally {
      await backend.stop();
    }
  });
});

describe('databases plugin, day-2 operations and bad input (store on SQLite)', () => {
  it('rotates, resizes, decommissions, restores and finally drops a database', async () => {
    const { backend, server, recorded } = await startBackend('SQLITE_3');
    const name = `${prefix}day2`;
    try {
      const submitted = await request(server)
        .post('/api/databases/requests')
        .set('Authorization', as('guest'))
        .send({
          component: 'component:default/checkout-service',
          name,
          environment: 'staging',
          size: 'small',
        });
      await waitForRequest(server, submitted.body.id, ['completed']);
      const id = submitted.body.databaseId;
      const reveal = async () =>
        (
          await request(server)
            .post(`/api/databases/databases/${id}/credentials`)
            .set('Authorization', as('guest'))
        ).body;
      const before = await reveal();

      // Rotate: a new password works, the old one is no longer what the server verifies.
      const rotating = await request(server)
        .post(`/api/databases/databases/${id}/rotate`)
        .set('Authorization', as('priya'));
      expect(rotating.status).toBe(202);
      await waitForDatabase(server, id, db => !db.pendingRequestId, 'the rotation');
      const after = await reveal();
      expect(after.password).not.toBe(before.password);
      const role = () => serverObjects(`${name}_stg_owner`).then(o => o.roles[0]);
      expect(scramVerifierMatches((await role()).verifier, after.password)).toBe(true);
      expect(scramVerifierMatches((await role()).verifier, before.password)).toBe(false);
      expect(await tryConnect(after)).toBe('ok');

      // Resize is re-checked by policy: large is not offered in staging; medium is.
      const tooBig = await request(server)
        .post(`/api/databases/databases/${id}/resize`)
        .set('Authorization', as('guest'))
        .send({ size: 'large' });
      expect(tooBig.body).toMatchObject({
        status: 'denied',
        verdict: { reasons: [{ message: 'A large database is not offered in staging; choose small or medium.' }] },
      });
      const resized = await request(server)
        .post(`/api/databases/databases/${id}/resize`)
        .set('Authorization', as('guest'))
        .send({ size: 'medium' });
      expect(resized.status).toBe(201);
      await waitForRequest(server, resized.body.id, ['completed']);
      expect((await role()).limit).toBe(60);
      const db = await waitForDatabase(server, id, d => d.spec.size === 'medium', 'the resize');
      expect(db.monthlyCostUsd).toBe(120);

      // Another team may not touch it.
      for (const [path, body] of [
        ['rotate', {}],
        ['resize', { size: 'small' }],
        ['decommission', { confirmName: name }],
      ] as const) {
        const res = await request(server)
          .post(`/api/databases/databases/${id}/${path}`)
          .set('Authorization', as('bob'))
          .send(body);
        expect(res.status).toBe(403);
      }

      // Decommission needs the name typed; then logins stop, and restore brings them back.
      const wrong = await request(server)
        .post(`/api/databases/databases/${id}/decommission`)
        .set('Authorization', as('guest'))
        .send({ confirmName: 'orders' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.message).toBe(
        `Type the database's name, ${name}, to confirm decommissioning it.`,
      );
      await request(server)
        .post(`/api/databases/databases/${id}/decommission`)
        .set('Authorization', as('guest'))
        .send({ confirmName: name })
        .expect(202);
      // The grace period is one second here, so it may already be dropping: check the role.
      await waitFor(
        async () => (await serverObjects(`${name}_stg_owner`)).roles[0]?.login,
        login => login !== true,
        'logins to be disabled',
      );
      const restored = await request(server)
        .post(`/api/databases/databases/${id}/restore`)
        .set('Authorization', as('guest'));
      if (restored.status === 202) {
        await waitForDatabase(server, id, d => d.status === 'active' && !d.pendingRequestId, 'the restore');
        expect((await role()).login).toBe(true);
        await request(server)
          .post(`/api/databases/databases/${id}/decommission`)
          .set('Authorization', as('guest'))
          .send({ confirmName: name })
          .expect(202);
      } else {
        expect(restored.status).toBe(409);
      }

      // After the grace period the worker drops database, role and credentials.
      await waitForDatabase(server, id, d => d.status === 'decommissioned' || d.error, 'the drop');
      expect(await serverObjects(name)).toEqual({ roles: [], databases: [] });
      const audit = await request(server)
        .get(`/api/databases/databases/${id}/audit`)
        .set('Authorization', as('bob'));
      expect(audit.body.items.map((e: any) => e.action)).toEqual(
        expect.arrayContaining([
          'requested',
          'provisioned',
          'credentials-revealed',
          'rotation-requested',
          'rotated',
          'resize-requested',
          'resized',
          'decommission-requested',
          'decommissioned',
          'dropped',
        ]),
      );
      const entities = await request(server)
        .get('/api/databases/entities')
        .set('Authorization', mockCredentials.service.header());
      expect(JSON.stringify(entities.body)).not.toContain(id);
      await backend.stop();
      const everything = recorded.everything() + JSON.stringify(audit.body);
      for (const secret of [before.password, after.password]) {
        expect(everything).not.toContain(secret);
      }
    } finally {
      await backend.stop();
    }
  });

  it('refuses hostile names, malformed bodies, other teams and anonymous callers, and changes nothing', async () => {
    const { backend, server } = await startBackend('SQLITE_3');
    try {
      const base = {
        component: 'component:default/checkout-service',
        environment: 'development',
        size: 'small',
      };
      for (const name of [
        '"; DROP DATABASE postgres; --',
        "o'brien",
        'x'.repeat(200),
        'bäckerei',
        'Orders',
        'ab',
      ]) {
        const res = await request(server)
          .post('/api/databases/requests')
          .set('Authorization', as('guest'))
          .send({ ...base, name });
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toMatch(/database name/);
        expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.ts:\d+/);
      }
      const wrongTypes = await request(server)
        .post('/api/databases/requests')
        .set('Authorization', as('guest'))
        .send({ ...base, name: `${prefix}typed`, size: 3, highAvailability: 'yes', extra: 1 });
      expect(wrongTypes.status).toBe(400);
      expect(wrongTypes.body.error.message).toContain('Choose small, medium or large.');
      const malformed = await request(server)
        .post('/api/databases/requests')
        .set('Authorization', as('guest'))
        .set('Content-Type', 'application/json')
        .send('{"name": ');
      expect(malformed.status).toBe(400);
      const reserved = await request(server)
        .post('/api/databases/requests')
        .set('Authorization', as('guest'))
        .send({ ...base, name: 'postgres' });
      expect(reserved.body).toMatchObject({ status: 'denied' });

      const otherTeam = await request(server)
        .post('/api/databases/requests')
        .set('Authorization', as('guest'))
        .send({ ...base, component: 'component:default/search-gateway', name: `${prefix}theirs` });
      expect(otherTeam.status).toBe(403);
      expect(otherTeam.body.error.message).toBe(
        'You can request databases only for components your team owns; component:default/search-gateway belongs to group:default/team-search.',
      );
      const missing = await request(server)
        .post('/api/databases/requests')
        .set('Authorization', as('guest'))
        .send({ ...base, component: 'component:default/nope', name: `${prefix}nope` });
      expect(missing.status).toBe(400);

      for (const [method, path] of [
        ['get', '/api/databases/options'],
        ['post', '/api/databases/requests'],
        ['post', '/api/databases/requests/dry-run'],
        ['get', '/api/databases/requests'],
        ['get', '/api/databases/databases'],
        ['post', '/api/databases/databases/00000000-0000-4000-8000-000000000000/credentials'],
        ['get', '/api/databases/entities'],
      ] as const) {
        const res = await (request(server) as any)[method](path).send({});
        expect(res.status).toBe(401);
      }
      expect((await request(server).get('/api/databases/health')).status).toBe(200);

      // Nothing was recorded except the reserved-name refusal, nothing made on the server.
      const requests = await request(server)
        .get('/api/databases/requests')
        .set('Authorization', as('guest'));
      expect(requests.body.items.map((r: any) => r.status)).toEqual(['denied']);
      expect(await serverObjects(`${prefix}typed`)).toEqual({ roles: [], databases: [] });
      expect(await serverObjects('postgres_dev')).toEqual({ roles: [], databases: [] });
    } finally {
      await backend.stop();
    }
  });

  it('says a request is retrying when its server is down, then failed, leaving nothing', async () => {
    const { backend, server, recorded } = await startBackend('SQLITE_3', { stagingDown: true });
    const name = `${prefix}down`;
    try {
      const submitted = await request(server)
        .post('/api/databases/requests')
        .set('Authorization', as('guest'))
        .send({
          component: 'component:default/checkout-service',
          name,
          environment: 'staging',
          size: 'small',
        });
      const retrying = await waitForRequest(server, submitted.body.id, ['retrying', 'failed']);
      expect(retrying.statusMessage).toMatch(
        /^Cannot reach the staging database server at 127\.0\.0\.1:1 \(connection refused\)\./,
      );
      const failed = await waitForRequest(server, submitted.body.id, ['failed']);
      expect(failed.statusMessage).toMatch(/Gave up after 2 attempts\.$/);
      await backend.stop();
      expect(recorded.events).toContainEqual({
        topic: 'databases.request',
        eventPayload: expect.objectContaining({ requestId: submitted.body.id, status: 'failed' }),
      });
      expect(await serverObjects(name)).toEqual({ roles: [], databases: [] });
    } finally {
      await backend.stop();
    }
  });
});
