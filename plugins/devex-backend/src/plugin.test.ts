import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  onBehalfOfAuthServiceFactories,
  PORTAL_TEST_DATABASE_IDS,
  PortalTestDatabaseId,
  teamUserInfoServiceFactory,
} from '@internal/backend-test-kit';
import permissionModuleOwnershipPolicy from '@internal/plugin-permission-backend-module-ownership-policy';
import { Knex } from 'knex';
import request from 'supertest';
import devexPlugin from '.';

jest.setTimeout(120_000);

const TEAMS = {
  'user:default/ann': ['group:default/team-a'],
  'user:default/al': ['group:default/team-a'],
  'user:default/bo': ['group:default/team-b'],
  'user:default/root': ['group:default/platform-admins'],
};

const CATALOG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-b }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform-admins }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: ann }
spec: { memberOf: [team-a] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: al }
spec: { memberOf: [team-a] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: bo }
spec: { memberOf: [team-b] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: svc-a }
spec: { type: service, lifecycle: production, owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: svc-b }
spec: { type: service, lifecycle: production, owner: team-b }
`;

const user = (name: string) => mockCredentials.user.header(`user:default/${name}`);
const sender = () => mockCredentials.service.header();

/** A test-only plugin that hands the tests the (shared, mock) scheduler. */
let scheduler: SchedulerService;
const testHooks = createBackendPlugin({
  pluginId: 'test-hooks',
  register(env) {
    env.registerInit({
      deps: { scheduler: coreServices.scheduler },
      async init(deps) {
        scheduler = deps.scheduler;
      },
    });
  },
});

/** One in-memory event bus for every plugin, as the events backend gives one per process. */
const events = mockServices.events();
const sharedEventsFactory = createServiceFactory({
  service: eventsServiceRef,
  deps: {},
  factory: () => events,
});

const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });
const mockDir = createMockDirectory();

function iso(msAgo: number) {
  return new Date(Date.now() - msAgo).toISOString();
}

const HOUR = 3_600_000;

function deployment(overrides: Record<string, unknown> = {}) {
  return {
    eventId: `run-${Math.random().toString(36).slice(2)}`,
    entityRef: 'component:default/svc-a',
    environment: 'production',
    version: '1.2.3',
    commits: [{ sha: 'abcdef1234', committedAt: iso(3 * HOUR) }],
    startedAt: iso(HOUR + 600_000),
    finishedAt: iso(HOUR),
    outcome: 'success',
    ...overrides,
  };
}

describe.each(PORTAL_TEST_DATABASE_IDS)('devex backend over HTTP on %s', databaseId => {
  let server: any;
  let knex: Knex;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    mockDir.setContent({ 'catalog-info.yaml': CATALOG });
    knex = await databases.init(databaseId as PortalTestDatabaseId);
    const backend = await startTestBackend({
      features: [
        devexPlugin,
        catalogPlugin,
        permissionPlugin,
        permissionModuleOwnershipPolicy,
        testHooks,
        sharedEventsFactory,
        teamUserInfoServiceFactory(TEAMS),
        ...onBehalfOfAuthServiceFactories,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            portal: { permissions: { adminGroups: ['group:default/platform-admins'] } },
            catalog: {
              rules: [{ allow: ['Component', 'Group', 'User', 'Resource', 'Location'] }],
              locations: [{ type: 'file', target: mockDir.resolve('catalog-info.yaml') }],
            },
            devex: { surveys: { minimumGroupSize: 2 } },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
    // Wait for the catalog to read the fixture, then collect its facts.
    for (let attempt = 0; attempt < 200; attempt++) {
      const res = await request(server).get('/api/catalog/entities/by-name/component/default/svc-b').set('Authorization', user('ann'));
      const bo = await request(server).get('/api/catalog/entities/by-name/user/default/bo').set('Authorization', user('ann'));
      if (res.status === 200 && bo.status === 200 && (bo.body.relations ?? []).length > 0) break;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    await scheduler.triggerTask('devex-collect');
  });

  afterAll(async () => {
    await stop?.();
  });

  const deploymentsStored = async () =>
    Number((await knex('devex_deployments').count({ n: '*' }).first())?.n);

  const orgDashboard = async (as = 'ann', window = 7) => {
    const res = await request(server)
      .get(`/api/devex/dashboards/organization?window=${window}`)
      .set('Authorization', user(as));
    expect(res.status).toBe(200);
    return res.body;
  };

  it('counts a deployment a sender posts, and takes its replay as unchanged', async () => {
    const event = deployment({ eventId: 'gha-1001-1' });
    const created = await request(server).post('/api/devex/events/deployments').set('Authorization', sender()).send(event);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ results: [{ eventId: 'gha-1001-1', status: 'created' }] });

    let dashboard = await orgDashboard();
    expect(dashboard.dora.deploymentFrequency.deployments).toBe(1);
    expect(dashboard.dora.leadTime.value).toBeCloseTo(2 * 3600, 0);

    const replay = await request(server).post('/api/devex/events/deployments').set('Authorization', sender()).send(event);
    expect(replay.status).toBe(200);
    expect(replay.body.results[0].status).toBe('unchanged');
    dashboard = await orgDashboard();
    expect(dashboard.dora.deploymentFrequency.deployments).toBe(1);
    expect(await deploymentsStored()).toBe(1);
  });

  it.each([
    ['a wrong type', { finishedAt: 1700000000 }, 400, 'finishedAt: must be an ISO 8601 timestamp'],
    ['a misspelt field', { finished_at: iso(HOUR) }, 400, 'finished_at'],
    ['an unknown entity', { entityRef: 'component:default/nope' }, 400, "Unknown entity 'component:default/nope'"],
    ['a team as the entity', { entityRef: 'group:default/team-a' }, 400, 'not to a group'],
    ['a future date', { finishedAt: iso(-2 * HOUR), startedAt: iso(-HOUR) }, 400, 'is in the future'],
    ['a commit in the future', { commits: [{ sha: 'abcdef1234', committedAt: iso(-2 * HOUR) }] }, 400, 'commits[0].committedAt'],
    ['too many commits', { commits: Array.from({ length: 1001 }, (_, i) => ({ sha: `abcdef${String(i).padStart(4, '0')}`, committedAt: iso(2 * HOUR) })) }, 400, 'commits'],
  ])('refuses a deployment with %s and stores nothing', async (_case, overrides, status, message) => {
    const before = await deploymentsStored();
    const res = await request(server).post('/api/devex/events/deployments').set('Authorization', sender()).send(deployment(overrides));
    expect(res.status).toBe(status);
    expect(res.body.error.message).toContain(message);
    expect(JSON.stringify(res.body)).not.toMatch(/stack|\bat \w+ \(/);
    expect(await deploymentsStored()).toBe(before);
  });

  it('refuses a whole batch when one event is bad, a duplicate id, another body under a known id, and oversize or broken JSON', async () => {
    const before = await deploymentsStored();
    const post = (body: unknown) => request(server).post('/api/devex/events/deployments').set('Authorization', sender()).send(body as any);

    const oneBad = await post({ events: [deployment(), deployment({ outcome: 'maybe' })] });
    expect(oneBad.status).toBe(400);
    expect(oneBad.body.error.message).toContain('events[1].outcome');

    const duplicate = await post({ events: [deployment({ eventId: 'dup' }), deployment({ eventId: 'dup' })] });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.message).toContain("eventId 'dup' appears more than once");

    const conflicting = await post(deployment({ eventId: 'gha-1001-1', version: '9.9.9' }));
    expect(conflicting.status).toBe(409);
    expect(conflicting.body.error.message).toContain('already recorded with different content');

    const huge = await post({ events: Array.from({ length: 600 }, () => deployment({ url: `https://ci.example.com/${'x'.repeat(1900)}` })) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toContain('larger than 1024 KB');

    const broken = await request(server)
      .post('/api/devex/events/deployments')
      .set('Authorization', sender())
      .set('Content-Type', 'application/json')
      .send('{"eventId": ');
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toBe('The request body is not valid JSON.');

    expect(await deploymentsStored()).toBe(before);
  });

  it('refuses senders without a valid token, and users, on the ingestion API', async () => {
    const missing = await request(server).post('/api/devex/events/deployments').send(deployment());
    expect(missing.status).toBe(401);
    const wrong = await request(server).post('/api/devex/events/incidents').set('Authorization', mockCredentials.service.invalidHeader()).send({});
    expect(wrong.status).toBe(401);
    const asUser = await request(server).post('/api/devex/events/deployments').set('Authorization', user('ann')).send(deployment());
    expect(asUser.status).toBe(403);
    const anonymous = await request(server).get('/api/devex/dashboards/organization');
    expect(anonymous.status).toBe(401);
  });

  it('takes an incident, then its resolution, and links it to the deployment that caused it', async () => {
    const post = (body: unknown) => request(server).post('/api/devex/events/incidents').set('Authorization', sender()).send(body as any);
    const opened = { eventId: 'PD-77', entityRef: 'svc-a', severity: 'sev2', openedAt: iso(50 * 60_000), causedByDeployment: 'gha-1001-1' };
    expect((await post(opened)).status).toBe(201);
    let dashboard = await orgDashboard();
    expect(dashboard.dora.timeToRestore).toMatchObject({ openIncidents: 1, sampleSize: 0 });
    expect(dashboard.dora.changeFailureRate).toMatchObject({ failedChanges: 1, value: 1 });

    const resolved = await post({ ...opened, resolvedAt: iso(20 * 60_000) });
    expect(resolved.status).toBe(200);
    expect(resolved.body.results[0].status).toBe('updated');
    dashboard = await orgDashboard();
    expect(dashboard.dora.timeToRestore).toMatchObject({ openIncidents: 0, sampleSize: 1, tier: 'elite' });
    expect(dashboard.dora.timeToRestore.value).toBeCloseTo(30 * 60, 0);

    const unknownCause = await post({ ...opened, eventId: 'PD-78', causedByDeployment: 'never-sent' });
    expect(unknownCause.status).toBe(400);
    expect(unknownCause.body.error.message).toContain("causedByDeployment 'never-sent'");
  });

  it('asks the pulse survey once per period, and a dismissal counts as asked', async () => {
    const pending = async (as: string) =>
      (await request(server).get('/api/devex/surveys/pending').set('Authorization', user(as))).body;
    expect((await pending('ann')).pulse).toMatchObject({ question: expect.any(String) });

    const answer = await request(server)
      .post('/api/devex/surveys/responses')
      .set('Authorization', user('ann'))
      .send({ kind: 'pulse', score: 4, comment: 'The templates save me a day.' });
    expect(answer.status).toBe(201);
    expect((await pending('ann')).pulse).toBeUndefined();

    const again = await request(server).post('/api/devex/surveys/responses').set('Authorization', user('ann')).send({ kind: 'pulse', score: 1 });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain("already answered or dismissed this period's pulse survey");

    const dismissed = await request(server).post('/api/devex/surveys/responses').set('Authorization', user('bo')).send({ kind: 'pulse', dismissed: true });
    expect(dismissed.status).toBe(201);
    expect((await pending('bo')).pulse).toBeUndefined();

    const invalid = await request(server).post('/api/devex/surveys/responses').set('Authorization', user('al')).send({ kind: 'pulse', score: 7 });
    expect(invalid.status).toBe(400);
    expect((await pending('al')).pulse).toBeDefined();
  });

  it('shows who wrote a comment to platform admins only, and a team its answers only once enough people answered', async () => {
    const member = await orgDashboard('ann');
    expect(member.satisfaction.comments).toEqual([expect.objectContaining({ comment: 'The templates save me a day.', score: 4 })]);
    expect(member.satisfaction.comments[0].author).toBeUndefined();
    expect(member.satisfaction.authorsVisible).toBe(false);

    const admin = await orgDashboard('root');
    expect(admin.satisfaction.comments[0].author).toBe('user:default/ann');

    const team = async () =>
      (await request(server).get('/api/devex/dashboards/team/default/team-a?window=7').set('Authorization', user('al'))).body;
    let dashboard = await team();
    expect(dashboard.satisfaction.suppressed).toContain('Fewer than 2 people');
    expect(dashboard.satisfaction.averageScore).toBeUndefined();
    expect(dashboard.satisfaction.comments).toEqual([]);

    await request(server).post('/api/devex/surveys/responses').set('Authorization', user('al')).send({ kind: 'pulse', score: 2 });
    dashboard = await team();
    expect(dashboard.satisfaction.suppressed).toBeUndefined();
    expect(dashboard.satisfaction.averageScore).toBe(3);
  });

  it('records the signed-in user\'s page views as activity', async () => {
    const res = await request(server).post('/api/devex/activity').set('Authorization', user('bo')).send({ pageViews: 3, newSession: true });
    expect(res.status).toBe(204);
    const dashboard = await orgDashboard();
    expect(dashboard.platform.activeUsers).toMatchObject({ activeUsers: 1, pageViews: 3, sessions: 1 });
    const team = (await request(server).get('/api/devex/dashboards/team/default/team-b').set('Authorization', user('bo'))).body;
    expect(team.platform.activeUsers).toMatchObject({ activeUsers: 1, members: 1 });
  });

  it('records database requests from the databases plugin and asks the requester to rate them', async () => {
    const t0 = Date.now();
    const at = (msAgo: number) => new Date(t0 - msAgo).toISOString();
    const base = {
      requestId: 'req-1',
      entityRef: 'resource:default/svc-a-orders-db',
      componentRef: 'component:default/svc-a',
      team: 'group:default/team-a',
      environment: 'production',
      size: 'small',
      monthlyCostUsd: 90,
      requestedAt: at(5 * HOUR),
      requestedBy: 'user:default/ann',
    };
    await events.publish({ topic: 'databases.request', eventPayload: { ...base, status: 'awaiting-approval' } });
    await events.publish({ topic: 'databases.request', eventPayload: { ...base, status: 'provisioned', decidedAt: at(3 * HOUR), approvalWaitMs: 2 * HOUR, completedAt: at(3 * HOUR - 600_000) } });
    await events.publish({ topic: 'databases.request', eventPayload: { requestId: 'broken' } });

    const team = (await request(server).get('/api/devex/dashboards/team/default/team-a').set('Authorization', user('ann'))).body;
    expect(team.platform.databaseRequests).toMatchObject({
      requests: 1,
      provisioned: 1,
      medianApprovalWaitSeconds: 2 * 3600,
      medianLeadTimeSeconds: 2 * 3600 + 600,
    });
    // A provisioned database the catalog does not list yet costs what the request said.
    expect(team.cost.byResource).toEqual([expect.objectContaining({ entityRef: 'resource:default/svc-a-orders-db', monthlyUsd: 90, source: 'database-request' })]);

    const pending = (await request(server).get('/api/devex/surveys/pending').set('Authorization', user('ann'))).body;
    expect(pending.ratings).toEqual([expect.objectContaining({ kind: 'database-request', subject: 'req-1', outcome: 'succeeded' })]);
    const otherUser = await request(server).post('/api/devex/surveys/responses').set('Authorization', user('bo')).send({ kind: 'database-request', subject: 'req-1', score: 5 });
    expect(otherUser.status).toBe(404);
    const rated = await request(server).post('/api/devex/surveys/responses').set('Authorization', user('ann')).send({ kind: 'database-request', subject: 'req-1', score: 5 });
    expect(rated.status).toBe(201);
    expect((await request(server).get('/api/devex/surveys/pending').set('Authorization', user('ann'))).body.ratings).toEqual([]);
  });

  it("offers a database request without a requester to its team on the request's page", async () => {
    // As the databases plugin publishes today: no requestedBy.
    await events.publish({
      topic: 'databases.request',
      eventPayload: {
        requestId: 'req-2', entityRef: 'resource:default/svc-a-cache-db', componentRef: 'component:default/svc-a',
        team: 'group:default/team-a', environment: 'production', size: 'small', monthlyCostUsd: 90,
        status: 'denied', requestedAt: iso(2 * HOUR), decidedAt: iso(HOUR), approvalWaitMs: HOUR,
      },
    });
    const pending = async (as: string) =>
      (await request(server).get('/api/devex/surveys/pending?databaseRequest=req-2').set('Authorization', user(as))).body;
    expect((await pending('al')).ratings).toEqual([
      expect.objectContaining({ kind: 'database-request', subject: 'req-2', outcome: 'failed' }),
    ]);
    expect((await pending('bo')).ratings).toEqual([]);
  });

  it('answers 404 for a team or component the catalog does not have, and 400 for a window it does not offer', async () => {
    const team = await request(server).get('/api/devex/dashboards/team/default/nobody').set('Authorization', user('ann'));
    expect(team.status).toBe(404);
    expect(team.body.error.message).toBe('There is no group group:default/nobody in the catalog.');
    const component = await request(server).get('/api/devex/dashboards/component/default/svc-a').set('Authorization', user('ann'));
    expect(component.status).toBe(200);
    expect(component.body.recentDeployments[0]).toMatchObject({ eventId: 'gha-1001-1', failedChange: true });
    const window = await request(server).get('/api/devex/dashboards/organization?window=365').set('Authorization', user('ann'));
    expect(window.status).toBe(400);
    expect(window.body.error.message).toContain('window must be 7, 30 or 90');
  });
});
