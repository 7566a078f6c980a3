import { TestDatabases } from '@backstage/backend-test-utils';
import { PORTAL_TEST_DATABASE_IDS } from '@internal/backend-test-kit';
import { createTestStores, deployment, incident, ms } from '../testing/testStores';
import { METRICS } from './rollups';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });

const DAY = 86_400_000;
const dayOf = (iso: string) => Math.floor(ms(iso) / DAY);

describe.each(PORTAL_TEST_DATABASE_IDS)('DatabaseMetricsStore on %s', databaseId => {
  // Windows are read from whole weeks plus the days at either end; any window must
  // count exactly what its days hold, whatever weekday it starts or ends on.
  it('counts the same as the day-by-day rows for windows starting and ending on any weekday', async () => {
    const { events, metrics } = await createTestStores(databases, databaseId);
    // One deployment a day for 40 days from Wednesday 2026-03-04, plus an incident every third day.
    const start = ms('2026-03-04T12:00:00Z');
    await events.recordDeployments(
      Array.from({ length: 40 }, (_, i) =>
        deployment({
          eventId: `dep-${i}`,
          finishedAt: start + i * DAY,
          commits: [{ sha: `c${i}`, committedAt: start + i * DAY - (i + 1) * 3_600_000 }],
        }),
      ),
    );
    await events.recordIncidents(
      Array.from({ length: 14 }, (_, i) =>
        incident({ eventId: `inc-${i}`, openedAt: start + i * 3 * DAY, resolvedAt: start + i * 3 * DAY + 7_200_000 }),
      ),
    );
    const first = dayOf('2026-03-04T00:00:00Z');
    const scopes = ['org', 'entity:component:default/svc-a'];
    for (const [fromOffset, length] of [[0, 1], [0, 6], [1, 7], [2, 13], [5, 8], [0, 40], [3, 30], [6, 22]]) {
      const range = { fromDay: first + fromOffset, toDay: first + fromOffset + length - 1 };
      const byDay = await metrics.rollupCounts(scopes, range, { by: 'period', startDay: range.fromDay, periodDays: 1 });
      const total = (rows: typeof byDay, metric: string, group?: string) =>
        rows.filter(r => r.metric === metric && (group === undefined || r.group === group)).reduce((s, r) => s + r.n, 0);
      const whole = await metrics.rollupCounts(scopes, range, { by: 'scope' });
      const expectedDeployments = Math.min(length, 40 - fromOffset);
      expect(total(whole, METRICS.deployments, 'org')).toBe(expectedDeployments);
      expect(total(whole, METRICS.deployments, 'org')).toBe(total(byDay, METRICS.deployments) / 2);
      expect(total(whole, METRICS.incidents)).toBe(total(byDay, METRICS.incidents));
      expect(await metrics.entitiesDeploying('all', range)).toBe(1);

      // The median lead time of the window: deployment i waited i + 1 hours.
      const [median] = await metrics.rollupMedians(['org'], METRICS.leadTime, range, { by: 'none' });
      expect(median.count).toBe(expectedDeployments);
      const hours = Array.from({ length: expectedDeployments }, (_, k) => fromOffset + k + 1);
      const mid = (hours[Math.floor((hours.length - 1) / 2)] + hours[Math.floor(hours.length / 2)]) / 2;
      // Histogram buckets keep each bucket's mean, so the median is close, not exact.
      expect(Math.abs(median.median! / 3600 - mid) / mid).toBeLessThan(0.25);
    }
  });

  // The current and the previous window (periods of 14 days or more) are read as whole
  // weeks plus edge days each; they must hold exactly what their days hold.
  it('groups long periods the same as adding up their days', async () => {
    const { events, metrics } = await createTestStores(databases, databaseId);
    const start = ms('2026-01-07T12:00:00Z');
    await events.recordDeployments(
      Array.from({ length: 60 }, (_, i) =>
        deployment({
          eventId: `dep-${i}`,
          finishedAt: start + i * DAY,
          outcome: i % 9 === 0 ? 'failure' : 'success',
          commits: i % 9 === 0 ? [] : [{ sha: `c${i}`, committedAt: start + i * DAY - ((i * 7) % 50 + 1) * 3_600_000 }],
        }),
      ),
    );
    const first = dayOf('2026-01-07T00:00:00Z');
    for (const [offset, periodDays] of [[0, 30], [3, 30], [5, 14], [1, 17]]) {
      const range = { fromDay: first + offset, toDay: first + offset + 2 * periodDays - 1 };
      const whole = await metrics.rollupCounts(['org'], range, { by: 'period', startDay: range.fromDay, periodDays });
      const byDay = await metrics.rollupCounts(['org'], range, { by: 'period', startDay: range.fromDay, periodDays: 1 });
      for (const metric of [METRICS.deployments, METRICS.deploymentAttempts, METRICS.failedChanges]) {
        for (const period of [0, 1]) {
          const days = byDay
            .filter(r => r.metric === metric && Math.floor(Number(r.group) / periodDays) === period)
            .reduce((t, r) => t + r.n, 0);
          const periodRows = whole.filter(r => r.metric === metric && r.group === String(period));
          expect(periodRows.reduce((t, r) => t + r.n, 0)).toBe(days);
        }
      }
      // Medians per period: the same as reading each period on its own.
      const medians = await metrics.rollupMedians(['org'], METRICS.leadTime, range, { by: 'period', startDay: range.fromDay, periodDays });
      for (const period of [0, 1]) {
        const own = { fromDay: range.fromDay + period * periodDays, toDay: range.fromDay + (period + 1) * periodDays - 1 };
        const [alone] = await metrics.rollupMedians(['org'], METRICS.leadTime, own, { by: 'none' });
        expect(medians.find(m => m.group === String(period))).toEqual({ ...alone, group: String(period) });
      }
    }
  });

  it('does not count an entity as deploying in a window with none of its deployments', async () => {
    const { events, metrics } = await createTestStores(databases, databaseId);
    await events.recordDeployments([deployment({ eventId: 'only', finishedAt: ms('2026-03-02T09:00:00Z') })]);
    const monday = dayOf('2026-03-02T00:00:00Z');
    expect(await metrics.entitiesDeploying('all', { fromDay: monday + 1, toDay: monday + 20 })).toBe(0);
    expect(await metrics.entitiesDeploying(['entity:component:default/svc-a'], { fromDay: monday, toDay: monday + 20 })).toBe(1);
    expect(await metrics.entitiesDeploying(['entity:component:default/svc-a'], { fromDay: monday - 10, toDay: monday - 1 })).toBe(0);
  });

  it('counts each team\'s active people once, however many days they were active', async () => {
    const { knex, feedback, metrics } = await createTestStores(databases, databaseId);
    await knex('devex_memberships').insert([
      { user_ref: 'user:default/ana', group_ref: 'group:default/team-a' },
      { user_ref: 'user:default/ben', group_ref: 'group:default/team-a' },
      { user_ref: 'user:default/ben', group_ref: 'group:default/team-b' },
      { user_ref: 'user:default/cy', group_ref: 'group:default/team-b' },
    ]);
    const day = dayOf('2026-03-10T00:00:00Z');
    for (const offset of [0, 1, 2, 3]) {
      await feedback.recordActivity({ day: day + offset, userRef: 'user:default/ana', pageViews: 5, sessions: 1 });
      await feedback.recordActivity({ day: day + offset, userRef: 'user:default/ben', pageViews: 2, sessions: 1 });
    }
    // Cy was active only before the window.
    await feedback.recordActivity({ day: day - 5, userRef: 'user:default/cy', pageViews: 1, sessions: 1 });
    const byTeam = await metrics.activeUsersByTeam(['group:default/team-a', 'group:default/team-b'], { fromDay: day, toDay: day + 6 });
    expect(Object.fromEntries(byTeam)).toEqual({ 'group:default/team-a': 2, 'group:default/team-b': 1 });
  });

  it("keeps the organization's per-day activity summary equal to every person's days", async () => {
    const { knex, events, feedback, metrics } = await createTestStores(databases, databaseId);
    const day = dayOf('2026-03-10T00:00:00Z');
    for (const [offset, user, pageViews, sessions] of [
      [0, 'ana', 5, 1], [0, 'ana', 2, 0], [0, 'ben', 1, 1], [1, 'ben', 4, 2], [3, 'cy', 6, 1], [3, 'ana', 1, 1],
    ] as const) {
      await feedback.recordActivity({ day: day + offset, userRef: `user:default/${user}`, pageViews, sessions });
    }
    const range = { fromDay: day, toDay: day + 6 };
    const incremental = await metrics.activeUsers({ kind: 'organization' }, range);
    expect(incremental).toEqual({
      activeUsers: 3,
      sessions: 6,
      pageViews: 19,
      series: [{ day, users: 2 }, { day: day + 1, users: 1 }, { day: day + 3, users: 2 }],
    });
    // A rebuild from the people's days gives the same summary.
    const before = await knex('devex_activity_daily').orderBy('day');
    await events.rebuildRollups();
    expect(await knex('devex_activity_daily').orderBy('day')).toEqual(before);
    expect(await metrics.activeUsers({ kind: 'organization' }, range)).toEqual(incremental);
    expect((await metrics.activeUsers({ kind: 'organization' }, range, { series: false })).series).toEqual([]);
  });
});
