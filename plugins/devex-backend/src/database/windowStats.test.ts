import { TestDatabases } from '@backstage/backend-test-utils';
import { PORTAL_TEST_DATABASE_IDS } from '@internal/backend-test-kit';
import { Knex } from 'knex';
import { createTestStores, deployment, incident, ms } from '../testing/testStores';
import { METRICS } from './rollups';
import { WINDOW_DAYS } from './windowStats';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });

const DAY = 86_400_000;
const HOUR = 3_600_000;
const dayOf = (iso: string) => Math.floor(ms(iso) / DAY);

type Sums = Map<string, { n: number; total: number }>;

function toSums(rows: any[]): Sums {
  return new Map(
    rows
      .filter(r => Number(r.n) !== 0)
      .map(r => [`${r.metric} ${r.scope} ${r.bucket}`, { n: Number(r.n), total: Number(r.total) }]),
  );
}

/** What a window ending on `end` must hold: its days' rollups added up. */
async function daysOfWindow(knex: Knex, windowDays: number, end: number): Promise<Sums> {
  return toSums(
    await knex('devex_daily_stats')
      .where('day', '>', end - windowDays)
      .where('day', '<=', end)
      .groupBy('metric', 'scope', 'bucket')
      .select('metric', 'scope', 'bucket', knex.raw('SUM(n) AS n'), knex.raw('SUM(total) AS total')),
  );
}

async function expectWindowsToEqualTheirDays(knex: Knex, end: number) {
  const row = await knex('devex_window_end').first('end_day');
  expect(Number(row.end_day)).toBe(end);
  for (const windowDays of WINDOW_DAYS) {
    const stored = toSums(await knex('devex_window_stats').where({ window_days: windowDays }));
    const expected = await daysOfWindow(knex, windowDays, end);
    expect([...stored.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, sums] of expected) {
      expect(stored.get(key)!.n).toBe(sums.n);
      expect(stored.get(key)!.total).toBeCloseTo(sums.total, 3);
    }
  }
}

const sortRows = <T extends { group: string; metric: string; bucket: number }>(rows: T[]) =>
  [...rows].sort((a, b) => (`${a.group} ${a.metric} ${a.bucket}` < `${b.group} ${b.metric} ${b.bucket}` ? -1 : 1));

const services = ['component:default/svc-a', 'component:default/svc-b'];

/** A deployment a day per service for `days` days up to `lastDay`, some failing, one to three commits. */
function deliveries(prefix: string, lastDay: number, days: number) {
  return Array.from({ length: days * services.length }, (_, i) => {
    const day = lastDay - Math.floor(i / services.length);
    const finishedAt = day * DAY + ((i * 5) % 20) * HOUR;
    const failed = i % 7 === 0;
    return deployment({
      eventId: `${prefix}-${i}`,
      entityRef: services[i % 2],
      teamRef: i % 2 ? 'group:default/team-b' : 'group:default/team-a',
      finishedAt,
      outcome: failed ? 'failure' : 'success',
      commits: failed
        ? []
        : Array.from({ length: 1 + (i % 3) }, (_, c) => ({
            sha: `${prefix}${i}x${c}`,
            committedAt: finishedAt - ((i * 13 + c * 29) % 300 + 1) * 60_000,
          })),
    });
  });
}

/** An incident every `everyDays` days back from `lastDay`, one in four still open, severities mixed. */
function incidents(lastDay: number, count: number, everyDays: number) {
  return Array.from({ length: count }, (_, i) => {
    const openedAt = (lastDay - i * everyDays) * DAY + 3 * HOUR;
    return incident({
      eventId: `inc-${i}`,
      entityRef: services[i % 2],
      teamRef: i % 2 ? 'group:default/team-b' : 'group:default/team-a',
      openedAt,
      resolvedAt: i % 4 === 0 ? undefined : openedAt + (1 + (i % 9)) * HOUR,
      severity: `sev${1 + (i % 4)}`,
    });
  });
}

describe.each(PORTAL_TEST_DATABASE_IDS)('stored dashboard windows on %s', databaseId => {
  it('always equal the days they cover: when filled, after ingestion, late events and corrections, when moved', async () => {
    const { knex, events } = await createTestStores(databases, databaseId);
    const today = dayOf('2026-06-15T00:00:00Z');
    await events.recordDeployments(deliveries('old', today - 1, 120));
    await events.recordIncidents(incidents(today - 1, 20, 5));
    // Nothing is stored before the first move; it fills from everything ingested.
    expect(await knex('devex_window_end').first('end_day')).toEqual({ end_day: null });
    expect(await knex('devex_window_stats').select()).toEqual([]);
    expect(await events.advanceWindows(today - 1)).toBe('filled');
    await expectWindowsToEqualTheirDays(knex, today - 1);

    // Today's deployments stay outside; late ones inside a window are added to it.
    await events.recordDeployments(deliveries('today', today, 1));
    await events.recordDeployments(deliveries('late', today - 20, 2));
    // An incident resolved later, and one naming a deployment as its cause (a failed change).
    await events.recordIncidents([
      incident({ eventId: 'inc-4', entityRef: services[0], teamRef: 'group:default/team-a', openedAt: (today - 21) * DAY + 3 * HOUR, resolvedAt: (today - 21) * DAY + 9 * HOUR, severity: 'sev1' }),
    ]);
    await expectWindowsToEqualTheirDays(knex, today - 1);

    // One day later, then three: days enter and leave every window.
    expect(await events.advanceWindows(today)).toBe('moved');
    await expectWindowsToEqualTheirDays(knex, today);
    await events.recordDeployments(deliveries('next', today + 3, 3));
    expect(await events.advanceWindows(today + 3)).toBe('moved');
    await expectWindowsToEqualTheirDays(knex, today + 3);
    expect(await events.advanceWindows(today + 3)).toBe('current');

    // A long pause, or a clock set back, refills them.
    expect(await events.advanceWindows(today + 40)).toBe('filled');
    await expectWindowsToEqualTheirDays(knex, today + 40);
    expect(await events.advanceWindows(today + 2)).toBe('filled');
    await expectWindowsToEqualTheirDays(knex, today + 2);

    // A rebuild of the rollups keeps them at their day.
    await events.rebuildRollups();
    await expectWindowsToEqualTheirDays(knex, today + 2);
  });

  it('serve the same dashboard figures as reading the days', async () => {
    const { knex, events, metrics } = await createTestStores(databases, databaseId);
    const today = dayOf('2026-06-15T00:00:00Z');
    await events.recordDeployments(deliveries('old', today, 200));
    await events.recordIncidents(incidents(today, 30, 6));
    const scopes = ['org', 'team:group:default/team-a', 'team:group:default/team-b', ...services.map(s => `entity:${s}`)];
    const figures = async (toDay: number, windowDays: number) => {
      const range = { fromDay: toDay - windowDays + 1, toDay };
      return {
        counts: sortRows(await metrics.rollupCounts(scopes, range, { by: 'scope' })),
        lead: (await metrics.rollupMedians(scopes, METRICS.leadTime, range, { by: 'scope' })).sort((a, b) => (a.group < b.group ? -1 : 1)),
        restore: (await metrics.rollupMedians(scopes, METRICS.restoreTime, range, { by: 'scope' })).sort((a, b) => (a.group < b.group ? -1 : 1)),
        ranges: await metrics.rollupRanges(['org'], METRICS.leadTime, range),
        deploying: (await metrics.deployingEntityScopes(range)).sort(),
        // The current window beside the previous one, as the DORA cards compare them.
        both: await metrics.rollupMedians(['org'], METRICS.leadTime, { fromDay: range.fromDay - windowDays, toDay }, {
          by: 'period',
          startDay: range.fromDay - windowDays,
          periodDays: windowDays,
        }).then(rows => rows.sort((a, b) => (a.group < b.group ? -1 : 1))),
        bothCounts: await metrics.rollupCounts(['org'], { fromDay: range.fromDay - windowDays, toDay }, {
          by: 'period',
          startDay: range.fromDay - windowDays,
          periodDays: windowDays,
        }),
      };
    };
    // The stored windows end yesterday, or three days ago; dashboards ask for windows ending today.
    for (const lag of [1, 3]) {
      await events.advanceWindows(today - lag);
      for (const windowDays of WINDOW_DAYS) {
        const fromWindows = await figures(today, windowDays);
        const { end_day } = await knex('devex_window_end').first('end_day');
        await knex('devex_window_end').update({ end_day: null });
        const fromDays = await figures(today, windowDays);
        await knex('devex_window_end').update({ end_day });
        expect(fromWindows.counts).toEqual(fromDays.counts);
        expect(fromWindows.ranges).toEqual(fromDays.ranges);
        expect(fromWindows.deploying).toEqual(fromDays.deploying);
        expect(fromWindows.deploying).toEqual(services.map(s => `entity:${s}`).sort());
        expect(sortRows(fromWindows.bothCounts)).toEqual(sortRows(fromDays.bothCounts));
        for (const key of ['lead', 'restore', 'both'] as const) {
          expect(fromWindows[key].map(m => [m.group, m.count])).toEqual(fromDays[key].map(m => [m.group, m.count]));
          fromWindows[key].forEach((m, i) => expect(m.median!).toBeCloseTo(fromDays[key][i].median!, 3));
        }
        expect(fromWindows.lead.find(m => m.group === 'org')!.count).toBeGreaterThan(windowDays);
      }
    }
  });
});
