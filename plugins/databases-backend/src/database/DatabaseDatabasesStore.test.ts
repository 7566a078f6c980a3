import { TestDatabases } from '@backstage/backend-test-utils';
import { PORTAL_TEST_DATABASE_IDS } from '@internal/backend-test-kit';
import { DatabaseDatabasesStore } from './DatabaseDatabasesStore';
import { DatabaseRecord, RequestRecord } from './DatabasesStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });

function database(id: string, overrides: Partial<DatabaseRecord> = {}): DatabaseRecord {
  return {
    id,
    name: `db_${id.slice(-4)}`,
    environment: 'development',
    activeKey: `development/db_${id.slice(-4)}`,
    ownerRef: 'group:default/team-checkout',
    componentRef: 'component:default/checkout-service',
    requestedBy: 'user:default/guest',
    size: 'small',
    region: 'eu-west-1',
    backupRetentionDays: 7,
    highAvailability: false,
    monthlyCostUsd: 25,
    roleName: 'r',
    databaseName: 'd',
    status: 'active',
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

function request(id: string, databaseId: string, overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id,
    kind: 'create',
    databaseId,
    requestedBy: 'user:default/guest',
    componentRef: 'component:default/checkout-service',
    ownerRef: 'group:default/team-checkout',
    name: 'orders',
    environment: 'development',
    size: 'small',
    region: 'eu-west-1',
    backupRetentionDays: 7,
    highAvailability: false,
    monthlyCostUsd: 25,
    status: 'queued',
    attempts: 0,
    requestedAt: 100,
    ...overrides,
  };
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe.each(PORTAL_TEST_DATABASE_IDS)('DatabaseDatabasesStore on %s', databaseId => {
  it('migrates up and down and up again', async () => {
    const knex = await databases.init(databaseId);
    const directory = DatabaseDatabasesStore.migrationsDirectory();
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('databases_requests')).toBe(true);
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('databases_requests')).toBe(false);
    expect(await knex.schema.hasTable('databases_secrets')).toBe(false);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('databases_outbox')).toBe(true);
  });

  it('keeps a name to one live database per environment', async () => {
    const store = await DatabaseDatabasesStore.create({ knex: await databases.init(databaseId) });
    await store.insertDatabase(database(uuid(1), { activeKey: 'development/orders' }));
    // Matched by message: under Jest, better-sqlite3's errors come from another realm's
    // Error after the first test file loaded it, and fail toThrow()'s instanceof check.
    await expect(
      store.insertDatabase(database(uuid(2), { activeKey: 'development/orders' })),
    ).rejects.toMatchObject({ message: expect.stringMatching(/unique/i) });
    expect(await store.isNameTaken('development/orders')).toBe(true);
    await store.updateDatabase(uuid(1), { activeKey: null, status: 'decommissioned' });
    expect(await store.isNameTaken('development/orders')).toBe(false);
    await store.insertDatabase(database(uuid(3), { activeKey: 'development/orders' }));
  });

  it("sums a team's live databases for the budget", async () => {
    const store = await DatabaseDatabasesStore.create({ knex: await databases.init(databaseId) });
    await store.insertDatabase(database(uuid(1), { monthlyCostUsd: 25 }));
    await store.insertDatabase(database(uuid(2), { monthlyCostUsd: 900, status: 'requested' }));
    await store.insertDatabase(database(uuid(3), { monthlyCostUsd: 120, status: 'decommissioned', activeKey: undefined }));
    await store.insertDatabase(
      database(uuid(4), { monthlyCostUsd: 50, ownerRef: 'group:default/team-search' }),
    );
    expect(await store.teamUsage('group:default/team-checkout')).toEqual({
      monthlyCostUsd: 925,
      databaseCount: 2,
    });
    expect(await store.teamUsage('group:default/team-checkout', uuid(2))).toEqual({
      monthlyCostUsd: 25,
      databaseCount: 1,
    });
  });

  it('gives a request to one worker at a time, and to another once the lease expired', async () => {
    const store = await DatabaseDatabasesStore.create({ knex: await databases.init(databaseId) });
    await store.insertDatabase(database(uuid(1)));
    await store.insertRequest(request(uuid(9), uuid(1)));

    const claims = await Promise.all([
      store.claimRequest(uuid(9), 'a', 1000, 30_000),
      store.claimRequest(uuid(9), 'b', 1000, 30_000),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.listRunnableRequestIds(2000, 10)).toEqual([]);
    expect(await store.claimRequest(uuid(9), 'c', 20_000, 30_000)).toBe(false);
    // The holder died; after its lease ran out the request is runnable and claimable again.
    expect(await store.listRunnableRequestIds(40_000, 10)).toEqual([uuid(9)]);
    expect(await store.claimRequest(uuid(9), 'c', 40_000, 30_000)).toBe(true);
    expect((await store.getRequest(uuid(9)))?.leaseOwner).toBe('c');
    // A request waiting for approval is never claimed.
    await store.insertRequest(request(uuid(10), uuid(1), { status: 'awaiting-approval' }));
    expect(await store.claimRequest(uuid(10), 'a', 1000, 30_000)).toBe(false);
  });

  it('delivers each outbox row to one claimant', async () => {
    const store = await DatabaseDatabasesStore.create({ knex: await databases.init(databaseId) });
    await store.insertOutbox('event', { topic: 't', eventPayload: { n: 1 } }, 1000);
    const [row] = await store.listDueOutbox(1000, 10);
    expect(row.payload).toEqual({ topic: 't', eventPayload: { n: 1 } });
    const claims = await Promise.all([
      store.claimOutbox(row, 61_000),
      store.claimOutbox(row, 61_000),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.listDueOutbox(2000, 10)).toEqual([]);
    await store.markOutboxDelivered(row.id, 2000);
    expect(await store.listDueOutbox(100_000, 10)).toEqual([]);
  });
});
