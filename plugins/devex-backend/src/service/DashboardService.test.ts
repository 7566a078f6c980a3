import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { PORTAL_TEST_DATABASE_IDS } from '@internal/backend-test-kit';
import { readDevexConfig } from '../config';
import {
  createTestStores,
  deployment,
  FIXTURE_ENTITIES,
  FIXTURE_MEMBERSHIPS,
  fixedClock,
  incident,
  ms,
} from '../testing/testStores';
import { CostModel } from './CostModel';
import { DashboardService } from './DashboardService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });

const HOUR = 3600;

/**
 * Metric definitions on hand-computed fixtures. The clock stands at
 * 2026-03-15 12:00 UTC, so the 7-day window is 2026-03-09 .. 2026-03-15 and the
 * window before it 2026-03-02 .. 2026-03-08.
 */
describe.each(PORTAL_TEST_DATABASE_IDS)('dashboard metrics on %s', databaseId => {
  async function setup() {
    const stores = await createTestStores(databases, databaseId);
    const clock = fixedClock('2026-03-15T12:00:00Z');
    await stores.platform.syncEntities(FIXTURE_ENTITIES, FIXTURE_MEMBERSHIPS, ms('2026-03-01T00:00:00Z'));
    const config = readDevexConfig(
      new ConfigReader({
        devex: {
          cost: {
            classes: { s: 60, l: 480 },
            budgets: [
              { team: 'group:default/team-a', monthlyUsd: 400 },
              { team: 'group:default/team-b', monthlyUsd: 1000 },
            ],
          },
        },
      }),
    );
    const service = new DashboardService(
      stores.metrics,
      stores.platform,
      catalogServiceMock(),
      mockServices.auth(),
      new CostModel(config.cost),
      config,
      'Fixture Org',
      clock,
    );
    const org = (window: 7 | 30 | 90 = 7) =>
      service.dashboard({ kind: 'organization' }, window, { authorsVisible: false });
    return { ...stores, service, org, clock };
  }

  it('shows nothing to rate, and no tier, before any deployment arrives', async () => {
    const { org } = await setup();
    const dashboard = await org();
    expect(dashboard.hasData.deployments).toBe(false);
    expect(dashboard.dora.deploymentFrequency).toMatchObject({ value: undefined, tier: undefined, deployments: 0 });
    expect(dashboard.dora.leadTime).toEqual({ value: undefined, previous: undefined, tier: undefined, sampleSize: 0 });
    expect(dashboard.dora.changeFailureRate.value).toBeUndefined();
    expect(dashboard.dora.timeToRestore.value).toBeUndefined();
    expect(dashboard.doraSeries).toHaveLength(7);
    expect(dashboard.doraSeries.every(p => p.deployments === 0 && p.leadTimeSeconds === undefined)).toBe(true);
    expect(dashboard.window).toEqual({ start: '2026-03-09', end: '2026-03-15', days: 7, bucket: 'day' });
  });

  it('counts every commit of a deployment for lead time, and each commit only once', async () => {
    const { events, org } = await setup();
    const finished = ms('2026-03-14T10:00:00Z');
    const commitAt = (hoursBefore: number, sha: string) => ({ sha, committedAt: finished - hoursBefore * HOUR * 1000 });
    await events.recordDeployments([
      deployment({
        finishedAt: finished,
        commits: [commitAt(1, 'aaa1'), commitAt(2, 'aaa2'), commitAt(3, 'aaa3'), commitAt(10, 'aaa4'), commitAt(26, 'aaa5')],
      }),
    ]);
    // Lead times 1h, 2h, 3h, 10h, 26h: the median is 3 hours, an elite lead time.
    let dashboard = await org();
    expect(dashboard.dora.leadTime).toMatchObject({ value: 3 * HOUR, tier: 'elite', sampleSize: 5 });

    // A redeploy carries one commit already shipped (ignored) and one new, 30 minutes old.
    const next = ms('2026-03-15T09:00:00Z');
    await events.recordDeployments([
      deployment({
        finishedAt: next,
        commits: [{ sha: 'aaa5', committedAt: finished - 26 * HOUR * 1000 }, { sha: 'bbb1', committedAt: next - 1800 * 1000 }],
      }),
    ]);
    dashboard = await org();
    // 0.5h, 1h, 2h, 3h, 10h, 26h: the median is the mean of 2h and 3h.
    expect(dashboard.dora.leadTime).toMatchObject({ value: 2.5 * HOUR, sampleSize: 6 });
    expect(dashboard.leadTimeDistribution).toEqual([
      { label: '< 1 hour', count: 1 },
      { label: '1 hour – 1 day', count: 4 },
      { label: '1 day – 1 week', count: 1 },
      { label: '1 week – 1 month', count: 0 },
      { label: '> 1 month', count: 0 },
    ]);
    // The daily trend has the medians of each day's deployments.
    const byDay = Object.fromEntries(dashboard.doraSeries.map(p => [p.start, p.leadTimeSeconds]));
    expect(byDay['2026-03-14']).toBe(3 * HOUR);
    expect(byDay['2026-03-15']).toBe(1800);
  });

  it('computes change failure rate from failed, rolled back and incident-causing deployments', async () => {
    const { events, org } = await setup();
    const at = (day: string) => ms(`2026-03-${day}T12:00:00Z`);
    await events.recordDeployments([
      deployment({ eventId: 'ok-1', finishedAt: at('10') }),
      deployment({ eventId: 'broken', finishedAt: at('11'), outcome: 'failure' }),
      deployment({ eventId: 'causes-incident', finishedAt: at('12') }),
      deployment({ eventId: 'ok-2', finishedAt: at('13') }),
      deployment({ eventId: 'stopped', finishedAt: at('13'), outcome: 'cancelled' }),
      deployment({ eventId: 'staging', finishedAt: at('13'), environment: 'staging', isProduction: false, outcome: 'failure' }),
    ]);
    expect((await org()).dora.changeFailureRate).toMatchObject({ value: 0.25, failedChanges: 1, deployments: 4, tier: 'low' });

    await events.recordIncidents([
      incident({ openedAt: at('12') + 600_000, causedByDeployment: 'causes-incident' }),
    ]);
    const dashboard = await org();
    expect(dashboard.dora.changeFailureRate).toMatchObject({ value: 0.5, failedChanges: 2, deployments: 4 });
    // Three successful deployments of one service in 7 days.
    expect(dashboard.dora.deploymentFrequency).toMatchObject({
      deployments: 3,
      servicesDeploying: 1,
      value: 3 / 7,
      tier: 'high',
    });
  });

  it('leaves unresolved incidents out of time to restore and counts them as open', async () => {
    const { events, org } = await setup();
    await events.recordIncidents([
      incident({ openedAt: ms('2026-03-13T08:00:00Z'), resolvedAt: ms('2026-03-13T08:30:00Z'), severity: 'sev3' }),
      incident({ openedAt: ms('2026-03-14T08:00:00Z'), resolvedAt: ms('2026-03-14T09:30:00Z') }),
      incident({ eventId: 'still-open', openedAt: ms('2026-03-15T07:00:00Z'), severity: 'sev1' }),
    ]);
    let dashboard = await org();
    // 30 and 90 minutes: the median is exactly one hour, which is no longer elite.
    expect(dashboard.dora.timeToRestore).toMatchObject({ value: HOUR, tier: 'high', sampleSize: 2, openIncidents: 1 });
    expect(dashboard.incidents).toEqual({ opened: 3, open: 1, bySeverity: { sev1: 1, sev2: 1, sev3: 1, sev4: 0 } });

    // The open incident is resolved after 6 hours: now three values, median 90 minutes.
    await events.recordIncidents([
      incident({
        eventId: 'still-open',
        payloadHash: 'resolved',
        openedAt: ms('2026-03-15T07:00:00Z'),
        resolvedAt: ms('2026-03-15T13:00:00Z') - 3600_000,
        severity: 'sev1',
      }),
    ]);
    dashboard = await org();
    expect(dashboard.dora.timeToRestore).toMatchObject({ value: 1.5 * HOUR, sampleSize: 3, openIncidents: 0 });
    expect(dashboard.incidents.opened).toBe(3);
  });

  it('puts events in UTC days, whatever time zone they were sent in', async () => {
    const { events, org } = await setup();
    await events.recordDeployments([
      // 00:30 on 9 March in UTC+2 is 22:30 on 8 March UTC: the previous window.
      deployment({ finishedAt: ms('2026-03-09T00:30:00+02:00') }),
      // 23:30 on 8 March in UTC-1 is 00:30 on 9 March UTC: the first day of the window.
      deployment({ finishedAt: ms('2026-03-08T23:30:00-01:00'), entityRef: 'component:default/svc-b', teamRef: 'group:default/team-b' }),
      // The last millisecond of the window's last day.
      deployment({ finishedAt: ms('2026-03-15T23:59:59.999Z') }),
    ]);
    const dashboard = await org();
    expect(dashboard.dora.deploymentFrequency.deployments).toBe(2);
    expect(dashboard.dora.deploymentFrequency.servicesDeploying).toBe(2);
    expect(dashboard.doraSeries[0]).toMatchObject({ start: '2026-03-09', deployments: 1 });
    expect(dashboard.doraSeries[6]).toMatchObject({ start: '2026-03-15', deployments: 1 });
    // The previous window saw one deployment by one service.
    expect(dashboard.dora.deploymentFrequency.previous).toBeCloseTo(1 / 7, 10);
  });

  it('groups a 90-day window into weeks and splits the numbers per team, department and component', async () => {
    const { events, service, org } = await setup();
    await events.recordDeployments([
      deployment({ finishedAt: ms('2026-01-01T12:00:00Z') }),
      deployment({ finishedAt: ms('2026-03-15T08:00:00Z'), entityRef: 'component:default/svc-b', teamRef: 'group:default/team-b', outcome: 'rolled_back' }),
    ]);
    const quarter = await org(90);
    expect(quarter.window).toMatchObject({ start: '2025-12-16', end: '2026-03-15', bucket: 'week' });
    expect(quarter.doraSeries).toHaveLength(13);
    expect(quarter.doraSeries[2]).toMatchObject({ start: '2025-12-30', end: '2026-01-05', deployments: 1 });
    expect(quarter.doraSeries[12]).toMatchObject({ start: '2026-03-10', end: '2026-03-15', days: 6, deploymentAttempts: 1, failedChanges: 1 });

    const teams = Object.fromEntries(quarter.breakdown.rows.map(r => [r.ref, r]));
    expect(quarter.breakdown.kind).toBe('team');
    expect(teams['group:default/team-a']).toMatchObject({ deploymentsPerDay: 1 / 90, changeFailureRate: 0 });
    expect(teams['group:default/team-b']).toMatchObject({ deploymentsPerDay: 0, changeFailureRate: 1, changeFailureRateTier: 'low' });

    const department = await service.dashboard({ kind: 'team', ref: 'group:default/engineering' }, 90, { authorsVisible: false });
    expect(department.scope.teamRefs).toEqual(['group:default/engineering', 'group:default/team-a']);
    expect(department.dora.deploymentFrequency.deployments).toBe(1);
    expect(department.breakdown.rows.map(r => r.ref)).toEqual(['component:default/svc-a']);

    const component = await service.dashboard({ kind: 'component', ref: 'component:default/svc-b' }, 90, { authorsVisible: false });
    expect(component.dora.changeFailureRate.value).toBe(1);
    expect(component.recentDeployments).toEqual([
      expect.objectContaining({ outcome: 'rolled_back', failedChange: true, environment: 'production' }),
    ]);
    expect(component.facts).toMatchObject({ ownerRef: 'group:default/team-b', hasCi: true, hasDocs: false });

    await expect(
      service.dashboard({ kind: 'team', ref: 'group:default/nobody' }, 7, { authorsVisible: false }),
    ).rejects.toThrow('There is no group group:default/nobody in the catalog.');
  });

  // The organization reads its own summaries (the 'org' rollups, the per-day activity
  // summary, one read of the deploying services); with every service and person in
  // exactly one team, its figures are the teams' added up.
  it("adds up to the teams' figures when every service and person is in one team", async () => {
    const { events, feedback, service, org } = await setup();
    const at = (iso: string) => ms(`2026-03-${iso}Z`);
    const teamB = { entityRef: 'component:default/svc-b', teamRef: 'group:default/team-b' };
    await events.recordDeployments([
      deployment({ finishedAt: at('10T10:00:00'), commits: [{ sha: 'a1', committedAt: at('10T08:00:00') }] }),
      deployment({ finishedAt: at('12T10:00:00'), outcome: 'failure' }),
      deployment({ finishedAt: at('14T10:00:00'), ...teamB, commits: [{ sha: 'b1', committedAt: at('13T10:00:00') }] }),
      deployment({ finishedAt: at('15T09:00:00'), ...teamB }),
      // Before the window: counted in neither.
      deployment({ finishedAt: at('01T10:00:00'), ...teamB }),
    ]);
    await events.recordIncidents([
      incident({ openedAt: at('11T08:00:00'), resolvedAt: at('11T09:00:00') }),
      incident({ openedAt: at('13T08:00:00'), ...teamB, severity: 'sev1' }),
    ]);
    const day = Math.floor(at('09T00:00:00') / 86_400_000);
    // Ann twice on one day (one person that day), Al and Bo on other days, Bo once
    // before the window.
    for (const [offset, userRef, pageViews, sessions] of [
      [0, 'user:default/ann', 5, 1],
      [0, 'user:default/ann', 3, 0],
      [2, 'user:default/al', 7, 1],
      [2, 'user:default/bo', 2, 1],
      [5, 'user:default/bo', 4, 2],
      [-3, 'user:default/bo', 9, 1],
    ] as const) {
      await feedback.recordActivity({ day: day + offset, userRef, pageViews, sessions });
    }

    const organization = await org();
    const teams = await Promise.all(
      ['group:default/team-a', 'group:default/team-b'].map(ref =>
        service.dashboard({ kind: 'team', ref }, 7, { authorsVisible: false }),
      ),
    );
    const total = (pick: (d: typeof organization) => number) => teams.reduce((sum, team) => sum + pick(team), 0);
    expect(organization.dora.deploymentFrequency.deployments).toBe(3);
    expect(organization.dora.deploymentFrequency.deployments).toBe(total(d => d.dora.deploymentFrequency.deployments));
    expect(organization.dora.deploymentFrequency.servicesDeploying).toBe(2);
    expect(organization.dora.deploymentFrequency.servicesDeploying).toBe(
      total(d => d.dora.deploymentFrequency.servicesDeploying),
    );
    expect(organization.dora.changeFailureRate.failedChanges).toBe(total(d => d.dora.changeFailureRate.failedChanges));
    expect(organization.dora.changeFailureRate.deployments).toBe(total(d => d.dora.changeFailureRate.deployments));
    expect(organization.dora.leadTime.sampleSize).toBe(total(d => d.dora.leadTime.sampleSize));
    expect(organization.incidents.opened).toBe(total(d => d.incidents.opened));
    expect(organization.incidents.open).toBe(total(d => d.incidents.open));

    const activity = organization.platform.activeUsers;
    expect(activity).toMatchObject({ activeUsers: 3, sessions: 5, pageViews: 21, previous: 1 });
    expect(activity.activeUsers).toBe(total(d => d.platform.activeUsers.activeUsers));
    expect(activity.sessions).toBe(total(d => d.platform.activeUsers.sessions));
    expect(activity.pageViews).toBe(total(d => d.platform.activeUsers.pageViews));
    expect(activity.previous).toBe(total(d => d.platform.activeUsers.previous ?? 0));
    const perDay = (d: typeof organization) => Object.fromEntries(d.platform.activeUsers.series.map(p => [p.day, p.users]));
    const [a, b] = teams.map(perDay);
    expect(perDay(organization)).toEqual({ '2026-03-09': 1, '2026-03-11': 2, '2026-03-14': 1 });
    expect(perDay(organization)).toEqual(
      Object.fromEntries(Object.keys(perDay(organization)).map(d => [d, (a[d] ?? 0) + (b[d] ?? 0)])),
    );

    // The breakdown's per-team rows add up to the organization too, and the
    // per-service frequency counts each team's deploying services.
    const rows = Object.fromEntries(organization.breakdown.rows.map(r => [r.ref, r]));
    expect(rows['group:default/team-a']).toMatchObject({ deploymentsPerDay: 1 / 7, activeUsers: 2, deploymentFrequencyTier: 'high' });
    expect(rows['group:default/team-b']).toMatchObject({ deploymentsPerDay: 2 / 7, activeUsers: 1, deploymentFrequencyTier: 'high' });
  });

  it('shows each team its monthly cost against its budget', async () => {
    const { service, org } = await setup();
    const dashboard = await org();
    expect(dashboard.cost.monthlyUsd).toBe(540);
    expect(dashboard.cost.budgetUsd).toBe(1400);
    expect(dashboard.cost.byTeam).toEqual([
      { teamRef: 'group:default/team-a', title: 'Team A', monthlyUsd: 480, budgetUsd: 400 },
      { teamRef: 'group:default/team-b', title: 'Team B', monthlyUsd: 60, budgetUsd: 1000 },
    ]);
    const team = await service.dashboard({ kind: 'team', ref: 'group:default/team-a' }, 7, { authorsVisible: false });
    expect(team.cost).toMatchObject({ monthlyUsd: 480, budgetUsd: 400 });
    expect(team.cost.byResource).toEqual([
      expect.objectContaining({ entityRef: 'resource:default/db-a', monthlyUsd: 480, costClass: 'l', source: 'size-class' }),
    ]);
    // A component's cost is what the resources it depends on cost.
    const component = await service.dashboard({ kind: 'component', ref: 'component:default/svc-a' }, 7, { authorsVisible: false });
    expect(component.cost.monthlyUsd).toBe(480);
  });
});
