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
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  onBehalfOfAuthServiceFactories,
  PORTAL_TEST_DATABASE_IDS,
  PortalTestDatabaseId,
  teamUserInfoServiceFactory,
} from '@internal/backend-test-kit';
import permissionModuleOwnershipPolicy from '@internal/plugin-permission-backend-module-ownership-policy';
import request from 'supertest';
import devexPlugin from '..';

jest.setTimeout(120_000);

const TEAMS = {
  'user:default/ann': ['group:default/team-a'],
  'user:default/bo': ['group:default/team-b'],
};

// A template whose run logs a line and says it created a component, as golden paths do.
const CATALOG = `
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: hello-service, title: Hello service }
spec:
  type: service
  owner: team-a
  parameters: []
  steps:
    - id: log
      name: Log
      action: debug:log
      input: { message: hello }
  output:
    entityRef: component:default/svc-new
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [] }
`;

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

const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });
const mockDir = createMockDirectory();

describe.each(PORTAL_TEST_DATABASE_IDS)('template runs from the real scaffolder on %s', databaseId => {
  it('records a run as it finishes, offers its creator a rating, and nobody else', async () => {
    mockDir.setContent({ 'catalog-info.yaml': CATALOG });
    // A database per plugin, as the portal has: the scaffolder and the catalog each
    // run their own migrations.
    const knexes = new Map<string, Promise<any>>();
    const knexFor = (pluginId: string) => {
      if (!knexes.has(pluginId)) knexes.set(pluginId, databases.init(databaseId as PortalTestDatabaseId));
      return knexes.get(pluginId)!;
    };
    const databaseFactory = createServiceFactory({
      service: coreServices.database,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) => ({ getClient: () => knexFor(plugin.getId()) }),
    });
    const events = mockServices.events();
    const backend = await startTestBackend({
      features: [
        devexPlugin,
        catalogPlugin,
        catalogModuleTemplateKind,
        scaffolderPlugin,
        permissionPlugin,
        permissionModuleOwnershipPolicy,
        testHooks,
        createServiceFactory({ service: eventsServiceRef, deps: {}, factory: () => events }),
        teamUserInfoServiceFactory(TEAMS),
        ...onBehalfOfAuthServiceFactories,
        databaseFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Template', 'Group', 'Component', 'Location'] }],
              locations: [{ type: 'file', target: mockDir.resolve('catalog-info.yaml') }],
            },
          },
        }),
      ],
    });
    const server = backend.server;
    const as = (name: string) => mockCredentials.user.header(`user:default/${name}`);
    try {
      for (let i = 0; i < 200; i++) {
        const res = await request(server).get('/api/catalog/entities/by-name/template/default/hello-service').set('Authorization', as('ann'));
        if (res.status === 200) break;
        await new Promise(r => setTimeout(r, 250));
      }
      const created = await request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', as('ann'))
        .send({ templateRef: 'template:default/hello-service', values: {} });
      expect(created.status).toBe(201);
      const taskId = created.body.id;
      for (let i = 0; i < 200; i++) {
        const task = await request(server).get(`/api/scaffolder/v2/tasks/${taskId}`).set('Authorization', as('ann'));
        if (task.body.status === 'completed' || task.body.status === 'failed') {
          expect(task.body.status).toBe('completed');
          break;
        }
        await new Promise(r => setTimeout(r, 250));
      }

      // The creator, on the task page, is asked to rate the run.
      const pending = await request(server).get(`/api/devex/surveys/pending?templateRun=${taskId}`).set('Authorization', as('ann'));
      expect(pending.body.ratings).toEqual([
        expect.objectContaining({ kind: 'template-run', subject: taskId, title: 'Your run of Hello service', outcome: 'succeeded' }),
      ]);
      // Someone else cannot see or rate it.
      const other = await request(server).get(`/api/devex/surveys/pending?templateRun=${taskId}`).set('Authorization', as('bo'));
      expect(other.body.ratings).toEqual([]);
      const otherRating = await request(server).post('/api/devex/surveys/responses').set('Authorization', as('bo')).send({ kind: 'template-run', subject: taskId, score: 1 });
      expect(otherRating.status).toBe(404);

      const rating = await request(server).post('/api/devex/surveys/responses').set('Authorization', as('ann')).send({ kind: 'template-run', subject: taskId, score: 5 });
      expect(rating.status).toBe(201);

      // The scheduled collection reads the same run from the task list.
      await scheduler.triggerTask('devex-collect');
      const dashboard = await request(server).get('/api/devex/dashboards/organization?window=7').set('Authorization', as('ann'));
      expect(dashboard.body.platform.scaffolder).toMatchObject({
        runs: 1,
        succeeded: 1,
        successRate: 1,
        byTemplate: [expect.objectContaining({ templateRef: 'template:default/hello-service', title: 'Hello service', runs: 1 })],
      });
      expect(dashboard.body.platform.scaffolder.medianDurationSeconds).toBeGreaterThanOrEqual(0);
      expect(dashboard.body.satisfaction.ratings).toEqual(
        expect.arrayContaining([{ kind: 'template-run', averageScore: 5, count: 1 }]),
      );
      const knex = await knexFor('devex');
      const run = await knex('devex_scaffolder_runs').where({ task_id: taskId }).first();
      expect(run).toMatchObject({ created_by: 'user:default/ann', entity_ref: 'component:default/svc-new', status: 'completed' });
    } finally {
      await backend.stop();
      // The scaffolder polls task events every second in loops that only look at
      // their cancellation between polls; let them see it before the databases close,
      // or their next query fails outside any test and takes the worker down.
      await new Promise(r => setTimeout(r, 2500));
    }
  });
});
