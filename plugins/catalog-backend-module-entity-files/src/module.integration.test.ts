import type {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  churnSyntheticOrganization,
  expectedRelations,
  generateSyntheticOrganization,
  PORTAL_TEST_DATABASE_IDS,
} from '@internal/backend-test-kit';
import catalogModuleDatabaseTuning from '@internal/plugin-catalog-backend-module-database-tuning';
import yaml from 'js-yaml';
import request from 'supertest';
import catalogModuleEntityFiles from '.';

// A few thousand entities: enough to page through many pages and to fan relations in,
// small enough for CI on two cores. The 100,000-entity figures come from bench/catalog.
const SIZE = 1500;
const PAGE = 97;

jest.setTimeout(600_000);

const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });

const refOf = (e: Entity) =>
  `${e.kind}:${e.metadata.namespace ?? 'default'}/${
    e.metadata.name
  }`.toLowerCase();

function writeSource(
  dir: ReturnType<typeof createMockDirectory>,
  entities: Entity[],
) {
  dir.setContent({ 'org.yaml': entities.map(e => yaml.dump(e)).join('---\n') });
}

describe.each(PORTAL_TEST_DATABASE_IDS)(
  'entity files in the catalog on %s',
  databaseId => {
    const dir = createMockDirectory();
    // The mock scheduler runs every task once at start-up and then only when triggered, so
    // the test decides when the provider reads its source again. Its instance is also its
    // own service factory.
    const scheduler = mockServices.scheduler() as SchedulerService & {
      factory(): ServiceFactory;
    };
    let server: Parameters<typeof request>[0];
    let stop: () => Promise<void>;
    let entities = generateSyntheticOrganization(SIZE).entities;

    const get = (path: string) =>
      request(server)
        .get(`/api/catalog${path}`)
        .set('Authorization', mockCredentials.user.header());

    /** Every entity, read page by page with cursors, as [ref, entity] in the order served. */
    async function readAllPages(): Promise<Array<[string, Entity]>> {
      const served: Array<[string, Entity]> = [];
      let cursor: string | undefined;
      do {
        const query = cursor
          ? `cursor=${encodeURIComponent(cursor)}&limit=${PAGE}`
          : `limit=${PAGE}&orderField=metadata.name,asc&totalItems=exclude`;
        const res = await get(`/entities/by-query?${query}`);
        expect(res.status).toBe(200);
        for (const item of res.body.items as Entity[])
          served.push([refOf(item), item]);
        cursor = res.body.pageInfo.nextCursor;
      } while (cursor);
      return served;
    }

    function relationsOf(served: Array<[string, Entity]>): Set<string> {
      const out = new Set<string>();
      for (const [ref, entity] of served) {
        for (const r of entity.relations ?? []) {
          out.add(`${ref} ${r.type} ${r.targetRef}`.toLowerCase());
        }
      }
      return out;
    }

    /** Waits until the catalog serves exactly `expected`, entities and relations. */
    async function waitForCatalog(expected: Entity[]) {
      const wantedRefs = new Set(expected.map(refOf));
      const wantedRelations = expectedRelations(expected);
      const descriptions = new Map(
        expected.map(e => [refOf(e), e.metadata.description]),
      );
      for (let attempt = 0; ; attempt++) {
        const served = await readAllPages();
        const refs = new Set(served.map(([ref]) => ref));
        const relations = relationsOf(served);
        const done =
          refs.size === wantedRefs.size &&
          [...wantedRefs].every(ref => refs.has(ref)) &&
          relations.size === wantedRelations.length &&
          wantedRelations.every(r => relations.has(r)) &&
          served.every(
            ([ref, e]) => descriptions.get(ref) === e.metadata.description,
          );
        if (done) return served;
        if (attempt > 250) {
          throw new Error(
            `The catalog did not converge: ${refs.size} of ${wantedRefs.size} entities, ${relations.size} of ${wantedRelations.length} relations`,
          );
        }
        await new Promise(resolve => setTimeout(resolve, 2000));
      }
    }

    beforeAll(async () => {
      writeSource(dir, entities);
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleEntityFiles,
          catalogModuleDatabaseTuning,
          scheduler.factory(),
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                processingInterval: { minutes: 30 },
                providers: {
                  entityFiles: { org: { path: dir.resolve('org.yaml') } },
                },
              },
            },
          }),
        ],
      });
      server = backend.server;
      stop = () => backend.stop();
    });

    afterAll(async () => {
      await stop?.();
    });

    it('serves every generated entity and relation', async () => {
      const served = await waitForCatalog(entities);
      expect(served).toHaveLength(SIZE);
    });

    it('pages through all entities without gaps or repeats', async () => {
      const served = await readAllPages();
      const refs = served.map(([ref]) => ref);
      expect(new Set(refs).size).toBe(refs.length);
      expect(refs.sort()).toEqual(entities.map(refOf).sort());
      const names = served.map(([, e]) => e.metadata.name);
      expect(names).toEqual(
        [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    });

    it('updates changed entities, removes deleted ones without orphans, and adds new ones', async () => {
      const churn = churnSyntheticOrganization(entities, {
        share: 0.02,
        round: 1,
      });
      entities = churn.entities;
      writeSource(dir, entities);
      await scheduler.triggerTask('entity-files:org:refresh');

      const served = await waitForCatalog(entities);
      const byRef = new Map(served);
      for (const ref of churn.changed) {
        expect(byRef.get(ref)?.metadata.description).toMatch(
          /reorganized in round 1/,
        );
      }
      for (const ref of churn.removed) {
        expect(byRef.has(ref)).toBe(false);
        const res = await get(`/entities/by-name/${ref.replace(':', '/')}`);
        expect(res.status).toBe(404);
      }
      for (const ref of churn.added) expect(byRef.has(ref)).toBe(true);
      const orphans = await get(
        '/entities/by-query?filter=metadata.annotations.backstage.io/orphan=true&limit=0',
      );
      expect(orphans.body.totalItems).toBe(0);
    });
  },
);
