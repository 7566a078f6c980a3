/*
 * The databases worker as a process of its own, for the crash tests: it runs one request
 * until it is final. With NODE_ENV=test and DATABASES_TEST_CRASH_AFTER=<kind>:<step> the
 * worker kills this process (SIGKILL) right after that step's effect, before its checkpoint.
 *
 * Input (env): CRASH_TEST_STORE (JSON knex connection of the portal's PostgreSQL database),
 * CRASH_TEST_TARGET (JSON provisioning target), CRASH_TEST_KEY (encryption key),
 * CRASH_TEST_REQUEST (the request id).
 */
import knexFactory from 'knex';
import { DatabaseDatabasesStore } from '../database/DatabaseDatabasesStore';
import { DatabaseTargets } from '../provisioning/DatabaseTargets';
import { PostgresProvisioner } from '../provisioning/PostgresProvisioner';
import { EncryptedDatabaseSecretStore } from '../secrets/EncryptedDatabaseSecretStore';
import { OutboxDispatcher } from '../service/OutboxDispatcher';
import { ProvisioningWorker } from '../service/ProvisioningWorker';
import { readDatabasesSettings } from '../config/DatabasesSettings';
import { ConfigReader } from '@backstage/config';

const FINAL = ['completed', 'failed', 'denied', 'rejected'];

async function main() {
  const knex = knexFactory({
    client: 'pg',
    connection: JSON.parse(process.env.CRASH_TEST_STORE!),
  });
  const store = await DatabaseDatabasesStore.create({ knex, skipMigrations: true });
  const target = JSON.parse(process.env.CRASH_TEST_TARGET!);
  const provisioner = new PostgresProvisioner({ environment: 'development', ...target });
  const targets = DatabaseTargets.of({ development: provisioner });
  const secrets = EncryptedDatabaseSecretStore.forKeys(knex, [
    { id: 'crash', secret: process.env.CRASH_TEST_KEY! },
  ]);
  const logger: any = {
    info() {},
    debug() {},
    warn: (m: string) => process.stderr.write(`${m}\n`),
    error: (m: string) => process.stderr.write(`${m}\n`),
    child: () => logger,
  };
  const settings = readDatabasesSettings(
    new ConfigReader({
      databases: {
        worker: { lease: { milliseconds: 1500 }, retryDelay: { milliseconds: 100 } },
      },
    }),
  );
  // Notifications and events stay in the outbox: the test counts them there.
  const dispatcher = { kick() {} } as unknown as OutboxDispatcher;
  const worker = new ProvisioningWorker({ store, targets, secrets, settings, dispatcher, logger });

  const requestId = process.env.CRASH_TEST_REQUEST!;
  for (let i = 0; i < 200; i++) {
    await worker.sweep();
    const request = await store.getRequest(requestId);
    if (request && FINAL.includes(request.status)) {
      const cleanup = (await store.getDatabase(request.databaseId))?.openRequestId;
      if (!cleanup) break;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  await provisioner.close();
  await knex.destroy();
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
