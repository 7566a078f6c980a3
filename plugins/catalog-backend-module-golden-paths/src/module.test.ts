import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  EventsService,
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import {
  PORTAL_TEST_DATABASE_IDS,
  PortalTestDatabaseId,
} from '@internal/backend-test-kit';
import { LOCAL_REPOSITORIES_TOPIC } from '@internal/plugin-golden-paths-common';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import catalogModuleGoldenPaths from '.';

jest.setTimeout(60_000);

const mockDir = createMockDirectory();
const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });

/** Stands in for the scaffolder: a plugin that can announce repositories. */
function eventsProbe() {
  const probe: { events?: EventsService } = {};
  const plugin = createBackendPlugin({
    pluginId: 'probe',
    register(env) {
      env.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          probe.events = events;
        },
      });
    },
  });
  return { probe, plugin };
}

function createRepository(name: string) {
  const dir = join(mockDir.path, 'repositories', name);
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(
    join(dir, 'catalog-info.yaml'),
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/team-checkout
`,
  );
  execFileSync('git', ['init', '-q', dir]);
}

async function startCatalog(databaseId: PortalTestDatabaseId) {
  const knex = await databases.init(databaseId);
  const { probe, plugin } = eventsProbe();
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleGoldenPaths,
      plugin,
      // The real in-process event bus, shared by every plugin as in the portal.
      eventsServiceFactory,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          catalog: { rules: [{ allow: ['Component', 'Location'] }] },
          goldenPaths: {
            publish: {
              local: { directory: join(mockDir.path, 'repositories') },
            },
          },
        },
      }),
    ],
  });
  return { backend, events: probe.events! };
}

async function entityStatus(server: any, name: string) {
  const res = await request(server)
    .get(`/api/catalog/entities/by-name/component/default/${name}`)
    .set('Authorization', mockCredentials.user.header());
  return res.status;
}

/** Reads until `done` accepts the value (the catalog stitches asynchronously). */
async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean) {
  let value = await read();
  for (let attempt = 0; attempt < 200 && !done(value); attempt++) {
    await new Promise(r => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

async function waitForStatus(server: any, name: string, status: number) {
  const answered = await poll(
    () => entityStatus(server, name),
    s => s === status,
  );
  if (answered !== status) {
    throw new Error(`component ${name} never answered ${status}`);
  }
}

describe.each(PORTAL_TEST_DATABASE_IDS)(
  'golden-path repositories in the catalog on %s',
  databaseId => {
    beforeEach(() => {
      mockDir.clear();
    });

    it('catalogs a repository as soon as it is announced and forgets it when it is removed', async () => {
      createRepository('already-there');
      const { backend, events } = await startCatalog(databaseId);
      try {
        await waitForStatus(backend.server, 'already-there', 200);

        createRepository('payment-reminders');
        await events.publish({
          topic: LOCAL_REPOSITORIES_TOPIC,
          eventPayload: { change: 'added', name: 'payment-reminders' },
        });
        await waitForStatus(backend.server, 'payment-reminders', 200);

        rmSync(join(mockDir.path, 'repositories', 'payment-reminders'), {
          recursive: true,
        });
        await events.publish({
          topic: LOCAL_REPOSITORIES_TOPIC,
          eventPayload: { change: 'removed', name: 'payment-reminders' },
        });
        await waitForStatus(backend.server, 'payment-reminders', 404);
        expect(await entityStatus(backend.server, 'already-there')).toBe(200);
      } finally {
        await backend.stop();
      }
    });

    it('ignores folders being written and folders that are not repositories', async () => {
      createRepository('real-one');
      mkdirSync(join(mockDir.path, 'repositories', '.staging', 'half'), {
        recursive: true,
      });
      writeFileSync(
        join(
          mockDir.path,
          'repositories',
          '.staging',
          'half',
          'catalog-info.yaml',
        ),
        'kind: Component',
      );
      mkdirSync(join(mockDir.path, 'repositories', 'not-git'));
      writeFileSync(
        join(mockDir.path, 'repositories', 'not-git', 'catalog-info.yaml'),
        'kind: Component',
      );
      const { backend } = await startCatalog(databaseId);
      try {
        await waitForStatus(backend.server, 'real-one', 200);
        // The Location entity is stitched on its own schedule and may become readable
        // after the component it produced.
        const expected = [
          join(mockDir.path, 'repositories', 'real-one', 'catalog-info.yaml'),
        ];
        const targets = await poll(
          async () => {
            const locations = await request(backend.server)
              .get('/api/catalog/entities/by-query?filter=kind=location')
              .set('Authorization', mockCredentials.user.header());
            return locations.body.items.map(
              (e: any) => e.spec.target as string,
            );
          },
          found => found.length >= expected.length,
        );
        expect(targets).toEqual(expected);
      } finally {
        await backend.stop();
      }
    });
  },
);
