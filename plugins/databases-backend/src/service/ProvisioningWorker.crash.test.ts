import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseDatabasesStore } from '../database/DatabaseDatabasesStore';
import { DatabaseRecord, RequestRecord } from '../database/DatabasesStore';
import { scramVerifierMatches } from '../provisioning/scram';
import { EncryptedDatabaseSecretStore } from '../secrets/EncryptedDatabaseSecretStore';
import {
  dropServerObjects,
  ensureTestProvisioner,
  serverObjects,
  testPrefix,
  tryConnect,
} from '../testing/testTarget';
import { toResourceEntity } from './toResourceEntity';
import { readDatabasesSettings } from '../config/DatabasesSettings';
import { ConfigReader } from '@backstage/config';

// Crash tests: the worker runs in a child process that is killed (SIGKILL) right after a
// step's effect and before its checkpoint; a fresh process then finishes the request.
// Afterwards there must be exactly one role, one database, one working secret, one
// catalog entity and one announcement: nothing lost, nothing twice, nothing orphaned.
jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const prefix = testPrefix();
const key = crypto.randomBytes(32).toString('base64');
const settings = readDatabasesSettings(new ConfigReader({}));
const REPO = path.resolve(__dirname, '../../../..');

let knex: Knex;
let store: DatabaseDatabasesStore;
let target: Awaited<ReturnType<typeof ensureTestProvisioner>>;

beforeAll(async () => {
  knex = await databases.init('POSTGRES_15');
  store = await DatabaseDatabasesStore.create({ knex });
  target = await ensureTestProvisioner();
});

afterAll(async () => {
  await dropServerObjects(prefix);
});

function runWorker(requestId: string, crashAfter?: string) {
  const connection = (knex.client.config as { connection: unknown }).connection;
  return new Promise<{ code: number | null; signal: string | null; stderr: string }>(
    resolve => {
      const child = spawn(
        process.execPath,
        [
          '--require',
          require.resolve('@backstage/cli/config/nodeTransform.cjs'),
          path.resolve(__dirname, '../testing/crashWorkerProcess.ts'),
        ],
        {
          cwd: REPO,
          env: {
            ...process.env,
            NODE_ENV: 'test',
            DATABASES_TEST_CRASH_AFTER: crashAfter ?? '',
            CRASH_TEST_STORE: JSON.stringify(connection),
            CRASH_TEST_TARGET: JSON.stringify(target),
            CRASH_TEST_KEY: key,
            CRASH_TEST_REQUEST: requestId,
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', chunk => {
        stderr += chunk;
      });
      child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
    },
  );
}

async function queueCreate(name: string) {
  const now = Date.now();
  const databaseId = crypto.randomUUID();
  const requestId = crypto.randomUUID();
  const database: DatabaseRecord = {
    id: databaseId,
    name,
    environment: 'development',
    activeKey: `development/${name}`,
    ownerRef: 'group:default/team-checkout',
    componentRef: 'component:default/checkout-service',
    requestedBy: 'user:default/guest',
    size: 'small',
    region: 'eu-west-1',
    backupRetentionDays: 7,
    highAvailability: false,
    monthlyCostUsd: 25,
    roleName: `${name}_dev_owner`,
    databaseName: `${name}_dev`,
    status: 'provisioning',
    openRequestId: requestId,
    createdAt: now,
    updatedAt: now,
  };
  const request: RequestRecord = {
    id: requestId,
    kind: 'create',
    databaseId,
    requestedBy: database.requestedBy,
    componentRef: database.componentRef,
    ownerRef: database.ownerRef,
    name,
    environment: 'development',
    size: 'small',
    region: 'eu-west-1',
    backupRetentionDays: 7,
    highAvailability: false,
    monthlyCostUsd: 25,
    status: 'queued',
    attempts: 0,
    requestedAt: now,
  };
  await store.insertDatabase(database);
  await store.insertRequest(request);
  return { databaseId, requestId };
}

/** Announcements waiting in the outbox (the dispatcher delivers each row once). */
async function outboxFor(requestId: string, name: string) {
  const rows: Array<{ payload: string }> = await knex('databases_outbox').select('payload');
  return {
    provisionedEvents: rows.filter(
      r => r.payload.includes(requestId) && r.payload.includes('"status":"provisioned"'),
    ).length,
    readyNotifications: rows.filter(r =>
      r.payload.includes(`Your database ${name} (development) is ready`),
    ).length,
  };
}

describe('provisioning survives the backend dying at any step', () => {
  it.each(['credentials', 'role', 'database', 'access', 'complete'])(
    'killed right after "%s": a restart finishes the request exactly once',
    async step => {
      const name = `${prefix}${step.slice(0, 4)}`;
      const { databaseId, requestId } = await queueCreate(name);

      const crashed = await runWorker(requestId, `create:${step}`);
      expect(crashed.signal).toBe('SIGKILL');
      const afterCrash = await store.getRequest(requestId);
      if (step === 'complete') {
        // Killed after the final transaction: done, with its announcements in the outbox.
        expect(afterCrash?.status).toBe('completed');
      } else {
        // Killed before the checkpoint: the step's effect happened, the record does not know.
        expect(afterCrash?.status).toBe('running');
        expect(afterCrash?.step).not.toBe(step);
      }

      const restarted = await runWorker(requestId);
      expect(restarted.stderr).toBe('');
      expect(restarted.code).toBe(0);

      const request = await store.getRequest(requestId);
      const database = await store.getDatabase(databaseId);
      expect(request?.status).toBe('completed');
      expect(database?.status).toBe('active');

      // One role and one database on the server, owned by each other, nothing else.
      const objects = await serverObjects(name);
      expect(objects.roles.map(r => r.name)).toEqual([`${name}_dev_owner`]);
      expect(objects.databases.map(d => [d.name, d.owner])).toEqual([
        [`${name}_dev`, `${name}_dev_owner`],
      ]);

      // The stored secret is the password the server verifies, and it works.
      const secret = await EncryptedDatabaseSecretStore.forKeys(knex, [
        { id: 'crash', secret: key },
      ]).get(`database/${databaseId}`);
      expect(scramVerifierMatches(objects.roles[0].verifier, secret!.password)).toBe(true);
      expect(
        await tryConnect({
          host: target.host,
          port: target.port,
          username: secret!.username,
          password: secret!.password,
          database: `${name}_dev`,
        }),
      ).toBe('ok');

      // One catalog entity, one announcement.
      const entities = (await store.listDatabases({ statuses: ['active'] }))
        .filter(d => d.name === name)
        .map(d => toResourceEntity(d, settings));
      expect(entities).toHaveLength(1);
      expect(await outboxFor(requestId, name)).toEqual({
        provisionedEvents: 1,
        readyNotifications: 1,
      });
    },
  );

  it('two workers (replicas) sweeping the same requests run each exactly once', async () => {
    const queued = await Promise.all(
      ['q1', 'q2', 'q3', 'q4'].map(n => queueCreate(`${prefix}${n}`)),
    );
    const runs = await Promise.all([
      runWorker(queued[0].requestId),
      runWorker(queued[0].requestId),
    ]);
    // The first request is done by one of them; now both sweep the rest concurrently.
    await Promise.all([runWorker(queued[3].requestId), runWorker(queued[3].requestId)]);
    for (const run of runs) expect(run.code).toBe(0);
    for (const [i, { requestId, databaseId }] of queued.entries()) {
      expect((await store.getRequest(requestId))?.status).toBe('completed');
      const audit = await store.listAudit(databaseId);
      expect(audit.filter(e => e.action === 'provisioned')).toHaveLength(1);
      expect(await outboxFor(requestId, `${prefix}q${i + 1}`)).toEqual({
        provisionedEvents: 1,
        readyNotifications: 1,
      });
    }
    const objects = await serverObjects(`${prefix}q`);
    expect(objects.roles).toHaveLength(4);
    expect(objects.databases).toHaveLength(4);
  });
});
