import { TestDatabases } from '@backstage/backend-test-utils';
import { PORTAL_TEST_DATABASE_IDS } from '@internal/backend-test-kit';
import { createTestStores, deployment, incident, ms } from '../testing/testStores';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });

async function rollups(knex: any) {
  const rows = await knex('devex_daily_stats')
    .where('n', '<>', 0)
    .orderBy(['scope', 'metric', 'day', 'bucket'])
    .select('scope', 'metric', 'day', 'bucket', 'n', 'total');
  return rows.map((r: any) => ({ ...r, day: Number(r.day), bucket: Number(r.bucket), n: Number(r.n), total: Math.round(Number(r.total) * 1000) / 1000 }));
}

describe.each(PORTAL_TEST_DATABASE_IDS)('DatabaseEventStore on %s', databaseId => {
  it('treats a replay as unchanged and refuses the same id with other content, storing nothing of that batch', async () => {
    const { knex, events } = await createTestStores(databases, databaseId);
    const first = deployment({ eventId: 'run-1', finishedAt: ms('2026-03-10T10:00:00Z') });
    expect(await events.recordDeployments([first])).toEqual([{ eventId: 'run-1', status: 'created' }]);
    expect(await events.recordDeployments([first])).toEqual([{ eventId: 'run-1', status: 'unchanged' }]);

    const before = await rollups(knex);
    const fresh = deployment({ eventId: 'run-2', finishedAt: ms('2026-03-11T10:00:00Z') });
    const changed = { ...first, payloadHash: 'other content' };
    await expect(events.recordDeployments([fresh, changed])).rejects.toThrow(
      "Deployment event 'run-1' was already recorded with different content",
    );
    expect(await rollups(knex)).toEqual(before);
    expect(await knex('devex_deployments').pluck('event_id')).toEqual(['run-1']);

    // The same event id from another sender is another deployment.
    expect(await events.recordDeployments([{ ...first, sender: 'other-ci' }])).toEqual([
      { eventId: 'run-1', status: 'created' },
    ]);
  });

  it('keeps the rollups equal to a rebuild from the raw rows through updates', async () => {
    const { knex, events } = await createTestStores(databases, databaseId);
    const at = (iso: string) => ms(iso);
    await events.recordDeployments([
      deployment({ eventId: 'a', finishedAt: at('2026-03-10T10:00:00Z'), commits: [{ sha: 'c1', committedAt: at('2026-03-10T07:00:00Z') }] }),
      deployment({ eventId: 'b', finishedAt: at('2026-03-11T10:00:00Z'), outcome: 'rolled_back' }),
      deployment({ eventId: 'c', finishedAt: at('2026-03-12T10:00:00Z'), entityRef: 'component:default/svc-b', teamRef: 'group:default/team-b', commits: [{ sha: 'c1', committedAt: at('2026-03-10T07:00:00Z') }, { sha: 'c2', committedAt: at('2026-03-12T09:00:00Z') }] }),
      deployment({ eventId: 'd', finishedAt: at('2026-03-12T11:00:00Z'), environment: 'staging', isProduction: false }),
    ]);
    await events.recordIncidents([
      incident({ eventId: 'inc', openedAt: at('2026-03-10T11:00:00Z'), causedByDeployment: 'a' }),
    ]);
    // Resolved later, and its cause corrected to another deployment.
    await events.recordIncidents([
      incident({ eventId: 'inc', payloadHash: 'v2', openedAt: at('2026-03-10T11:00:00Z'), resolvedAt: at('2026-03-10T15:00:00Z'), causedByDeployment: 'b' }),
    ]);
    const incremental = await rollups(knex);
    const weekly = await knex('devex_weekly_stats').where('n', '<>', 0).orderBy(['scope', 'metric', 'week', 'bucket']).select('scope', 'metric', 'week', 'bucket', 'n');
    await events.rebuildRollups();
    expect(await rollups(knex)).toEqual(incremental);
    expect(
      await knex('devex_weekly_stats').where('n', '<>', 0).orderBy(['scope', 'metric', 'week', 'bucket']).select('scope', 'metric', 'week', 'bucket', 'n'),
    ).toEqual(weekly);
    expect(weekly.length).toBeGreaterThan(0);

    const failed = incremental.filter((r: any) => r.metric === 'failed_changes' && r.scope === 'org');
    // Only the rolled-back deployment is a failed change now that the cause moved off 'a'.
    expect(failed).toEqual([expect.objectContaining({ day: 20523, n: 1 })]);
  });

  it('refuses an incident whose cause is not a known deployment, and a change of its entity', async () => {
    const { events } = await createTestStores(databases, databaseId);
    await expect(
      events.recordIncidents([incident({ openedAt: ms('2026-03-10T11:00:00Z'), causedByDeployment: 'never-sent' })]),
    ).rejects.toThrow("causedByDeployment 'never-sent' is not a deployment of component:default/svc-a");

    await events.recordIncidents([incident({ eventId: 'x', openedAt: ms('2026-03-10T11:00:00Z') })]);
    await expect(
      events.recordIncidents([
        incident({ eventId: 'x', payloadHash: 'moved', entityRef: 'component:default/svc-b', openedAt: ms('2026-03-10T11:00:00Z') }),
      ]),
    ).rejects.toThrow("Incident 'x' was recorded for component:default/svc-a");
  });
});
