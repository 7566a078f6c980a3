import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { PORTAL_TEST_DATABASE_IDS } from '@internal/backend-test-kit';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readDevexConfig } from '../config';
import { EntityFacts } from '../database/PlatformStore';
import { createTestStores, fixedClock, ms } from '../testing/testStores';
import { CostModel } from '../service/CostModel';
import { DashboardService } from '../service/DashboardService';
import { DemoDataSeeder } from './DemoDataSeeder';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });

const team = (name: string): EntityFacts => ({
  entityRef: `group:default/${name}`, kind: 'group', type: 'team', title: name, hasOwner: false, hasDocs: false, hasCiAnnotation: false,
});
const service = (name: string, owner: string, lifecycle = 'production'): EntityFacts => ({
  entityRef: `component:default/${name}`, kind: 'component', type: 'service', title: name, ownerRef: `group:default/${owner}`,
  lifecycle, hasOwner: true, hasDocs: true, hasCiAnnotation: false,
});

/** A slice of the demo organization: an elite team, a struggling one, a service a template created. */
const ENTITIES: EntityFacts[] = [
  team('team-search'),
  team('team-flights'),
  service('search-gateway', 'team-search'),
  service('destination-autocomplete', 'team-search', 'experimental'),
  service('fare-calculator', 'team-flights'),
  service('flight-inventory-service', 'team-flights'),
];
const MEMBERS = [
  { userRef: 'user:default/guest', groupRef: 'group:default/team-search' },
  { userRef: 'user:default/ingrid-solberg', groupRef: 'group:default/team-search' },
  { userRef: 'user:default/arjun-mehta', groupRef: 'group:default/team-search' },
  { userRef: 'user:default/sofia-marquez', groupRef: 'group:default/team-flights' },
  { userRef: 'user:default/tomasz-nowak', groupRef: 'group:default/team-flights' },
];

describe.each(PORTAL_TEST_DATABASE_IDS)('demo seed on %s', databaseId => {
  it('writes 90 days in which teams differ, is idempotent, keeps the demo current and leaves the guest a survey to answer', async () => {
    const stores = await createTestStores(databases, databaseId);
    const clock = fixedClock('2026-03-15T12:00:00Z');
    await stores.platform.syncEntities(ENTITIES, MEMBERS, ms('2026-03-15T11:00:00Z'));
    const config = readDevexConfig(new ConfigReader({}));
    const seeder = new DemoDataSeeder({
      events: stores.events,
      platform: stores.platform,
      feedback: stores.feedback,
      costModel: new CostModel(config.cost),
      productionEnvironments: config.productionEnvironments,
      pulsePeriod: 'month',
      clock,
      logger: mockServices.logger.mock(),
    });
    await seeder.seed();
    const dashboards = new DashboardService(
      stores.metrics, stores.platform, catalogServiceMock(), mockServices.auth(), new CostModel(config.cost), config, 'Wayfarer', clock,
    );
    const quarter = await dashboards.dashboard({ kind: 'organization' }, 90, { authorsVisible: false });
    expect(quarter.doraSeries.every(week => week.deployments > 0)).toBe(true);
    const rows = Object.fromEntries(quarter.breakdown.rows.map(r => [r.ref, r]));
    expect(rows['group:default/team-search'].leadTimeTier).toBe('elite');
    expect(rows['group:default/team-search'].deploymentFrequencyTier).toBe('elite');
    expect(['medium', 'low']).toContain(rows['group:default/team-flights'].leadTimeTier);
    expect(quarter.platform.scaffolder.runs).toBeGreaterThan(10);
    expect(quarter.platform.activeUsers.activeUsers).toBeGreaterThan(2);
    expect(quarter.satisfaction.responses).toBeGreaterThan(3);
    // destination-autocomplete was created from a template 80 days before the seed's day.
    expect(quarter.platform.timeToFirstValue.measured).toBe(1);
    expect(quarter.platform.timeToFirstValue.medianSeconds).toBeCloseTo(1.6 * 86_400, -2);

    const count = async () => Number((await stores.knex('devex_deployments').count({ n: '*' }).first())?.n);
    const before = await count();
    await seeder.seed();
    expect(await count()).toBe(before);

    // A day later the seed adds that day; the 30-day window keeps its data.
    clock.set('2026-03-16T20:00:00Z');
    await seeder.seed();
    expect(await count()).toBeGreaterThan(before);
    const month = await dashboards.dashboard({ kind: 'organization' }, 7, { authorsVisible: false });
    expect(month.doraSeries[6]).toMatchObject({ start: '2026-03-16' });
    expect(month.doraSeries[6].deploymentAttempts).toBeGreaterThan(0);

    const guestAnswers = await stores.feedback.answeredSubjects('pulse', ['2026-03'], 'user:default/guest');
    expect(guestAnswers.size).toBe(0);
  });
});
