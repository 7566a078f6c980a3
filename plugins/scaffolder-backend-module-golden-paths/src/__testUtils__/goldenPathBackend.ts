import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import techdocsPlugin from '@backstage/plugin-techdocs-backend';
import {
  onBehalfOfAuthServiceFactories,
  teamUserInfoServiceFactory,
} from '@internal/backend-test-kit';
import catalogModuleFilePlaceholders from '@internal/plugin-catalog-backend-module-file-placeholders';
import catalogModuleGoldenPaths from '@internal/plugin-catalog-backend-module-golden-paths';
import permissionModuleOwnershipPolicy from '@internal/plugin-permission-backend-module-ownership-policy';
import techdocsModuleMarkdown from '@internal/plugin-techdocs-backend-module-markdown';
import { PortalTestDatabaseId } from '@internal/backend-test-kit';
import { resolve } from 'node:path';
import request from 'supertest';
import scaffolderModuleGoldenPaths from '..';

/** The repository's real templates, as the portal catalogs them. */
export const TEMPLATES_LOCATION = resolve(
  __dirname,
  '../../../../templates/all.yaml',
);

export const GUEST = 'user:default/guest';
export const TEAMS = {
  [GUEST]: ['group:default/team-checkout'],
  'user:default/root': ['group:default/platform-admins'],
};

const ORGANIZATION = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-checkout }
spec: { type: team, children: [], profile: { displayName: Team Checkout } }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: guest }
spec:
  profile: { displayName: Guest Developer, email: guest@wayfarer.example }
  memberOf: [team-checkout]
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: checkout }
spec: { owner: team-checkout }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: checkout-service }
spec: { type: service, lifecycle: production, owner: team-checkout, system: checkout }
`;

export type GoldenPathBackend = Awaited<
  ReturnType<typeof startGoldenPathBackend>
>;

/**
 * The portal's scaffolder, catalog, TechDocs and permission backends with the
 * golden-path modules and the real templates, on a test database. `extraConfig`
 * and `extraFeatures` let a test stand in for what cannot run here (GitHub) or
 * is built elsewhere (the databases plugin's action), from their contracts.
 */
export async function startGoldenPathBackend(options: {
  databases?: { databases: TestDatabases; id: PortalTestDatabaseId };
  extraConfig?: Record<string, unknown>;
  extraFeatures?: BackendFeature[];
}) {
  const mockDir = createMockDirectory();
  mockDir.setContent({ 'org.yaml': ORGANIZATION, work: {} });
  const repositories = mockDir.resolve('repositories');
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      catalogModuleGoldenPaths,
      catalogModuleFilePlaceholders,
      scaffolderPlugin,
      scaffolderModuleGoldenPaths,
      techdocsPlugin,
      techdocsModuleMarkdown,
      permissionPlugin,
      permissionModuleOwnershipPolicy,
      teamUserInfoServiceFactory(TEAMS),
      ...onBehalfOfAuthServiceFactories,
      eventsServiceFactory,
      ...(options.databases
        ? [perPluginDatabaseFactory(options.databases)]
        : []),
      mockServices.rootConfig.factory({
        data: {
          backend: { workingDirectory: mockDir.resolve('work') },
          permission: { enabled: true },
          portal: {
            permissions: { adminGroups: ['group:default/platform-admins'] },
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'API',
                  'System',
                  'Group',
                  'User',
                  'Location',
                  'Template',
                ],
              },
            ],
            locations: [
              { type: 'file', target: mockDir.resolve('org.yaml') },
              { type: 'file', target: TEMPLATES_LOCATION },
            ],
          },
          scaffolder: {
            // Stop waits for the task worker's loops, so no query reaches a test
            // database after it is dropped.
            EXPERIMENTAL_gracefulShutdown: true,
            defaultAuthor: {
              name: 'Wayfarer Portal',
              email: 'portal@wayfarer.example',
            },
          },
          techdocs: {
            builder: 'local',
            generator: { runIn: 'local' },
            publisher: {
              type: 'local',
              local: { publishDirectory: mockDir.resolve('techdocs') },
            },
          },
          goldenPaths: {
            publish: { local: { directory: repositories } },
            register: { timeoutSeconds: 30 },
          },
          ...options.extraConfig,
        },
      }),
      ...(options.extraFeatures ?? []),
    ],
  });
  const server = backend.server;
  const as = (user = GUEST) => mockCredentials.user.header(user);

  const api = {
    backend,
    server,

    /**
     * Stops the backend. The scaffolder's task-event poller (behind GET
     * /v2/tasks/:id/events) notices an unsubscribe only after its 1 s sleep, so
     * give it that second before the test databases are dropped.
     */
    async stop() {
      await backend.stop();
      await new Promise(r => setTimeout(r, 1500));
    },
    mockDir,
    repositories,

    /** Waits until the catalog has read the templates and the organization. */
    async ready() {
      await waitFor(async () => {
        const res = await request(server)
          .get(
            '/api/catalog/entities/by-name/template/default/typescript-service',
          )
          .set('Authorization', as());
        const user = await request(server)
          .get('/api/catalog/entities/by-name/user/default/guest')
          .set('Authorization', as());
        return res.status === 200 && user.status === 200;
      }, 'the templates and the organization in the catalog');
    },

    /** POST /v2/tasks as a user would through the form. */
    async createTask(template: string, values: object, user = GUEST) {
      return request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', as(user))
        .send({ templateRef: `template:default/${template}`, values });
    },

    async waitForTask(taskId: string, user = GUEST) {
      let task: any;
      await waitFor(async () => {
        const res = await request(server)
          .get(`/api/scaffolder/v2/tasks/${taskId}`)
          .set('Authorization', as(user));
        task = res.body;
        return ['completed', 'failed', 'cancelled'].includes(task.status);
      }, `task ${taskId} to finish`);
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
        .set('Authorization', as(user));
      const log = (events.body as any[])
        .filter(e => e.type === 'log')
        .map(e => ({
          stepId: e.body.stepId,
          status: e.body.status,
          message: e.body.message as string,
        }));
      const stepStatus = (stepId: string) =>
        [...log].reverse().find(e => e.stepId === stepId && e.status)?.status;
      return { task, log, stepStatus };
    },

    /** Runs a template to its end and returns the task and its log. */
    async run(template: string, values: object, user = GUEST) {
      const created = await api.createTask(template, values, user);
      if (created.status !== 201) {
        throw new Error(
          `task was refused: ${created.status} ${JSON.stringify(created.body)}`,
        );
      }
      return api.waitForTask(created.body.id, user);
    },

    async entityStatus(ref: string) {
      const [kind, rest] = ref.split(':');
      const res = await request(server)
        .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
        .set('Authorization', as());
      return res.status;
    },

    async getEntity(ref: string) {
      const [kind, rest] = ref.split(':');
      const res = await request(server)
        .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
        .set('Authorization', as());
      return res.body;
    },

    /** Catalog locations whose target is under the repositories folder. */
    async repositoryLocations() {
      const res = await request(server)
        .get('/api/catalog/entities/by-query?filter=kind=location')
        .set('Authorization', as());
      return (res.body.items as any[])
        .map(e => e.spec.target as string)
        .filter(t => t?.startsWith(repositories));
    },

    async docsIndex(name: string) {
      return request(server)
        .get(`/api/techdocs/static/docs/default/component/${name}/index.html`)
        .set('Authorization', as());
    },
  };
  return api;
}

/**
 * Gives every plugin its own fresh database on the engine under test, as the
 * portal does (one database per plugin), so their migrations never meet.
 */
function perPluginDatabaseFactory(options: {
  databases: TestDatabases;
  id: PortalTestDatabaseId;
}) {
  return createServiceFactory({
    service: coreServices.database,
    deps: {},
    async factory() {
      const knex = await options.databases.init(options.id);
      return { getClient: async () => knex };
    },
  });
}

export async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return;
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

export { TestDatabases };
