import path from 'node:path';
import {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { readDatabasesSettings } from '../config/DatabasesSettings';
import { DatabaseDatabasesStore } from '../database/DatabaseDatabasesStore';
import { CloudNativePgProvisioner } from '../kubernetes/CloudNativePgProvisioner';
import { createKubernetesClients, KubernetesClients } from '../kubernetes/kubernetesClients';
import { KubernetesSecretStore } from '../kubernetes/KubernetesSecretStore';
import { DatabasePolicy } from '../policy/DatabasePolicy';
import { DatabaseTargets } from '../provisioning/DatabaseTargets';
import { DatabaseSecretStore } from '../secrets/DatabaseSecretStore';
import { EncryptedDatabaseSecretStore } from '../secrets/EncryptedDatabaseSecretStore';
import { UnavailableSecretStore } from '../secrets/UnavailableSecretStore';
import { DatabaseMonitor } from './DatabaseMonitor';
import { DatabaseRequestService } from './DatabaseRequestService';
import { OutboxDispatcher } from './OutboxDispatcher';
import { ProvisioningWorker } from './ProvisioningWorker';

/**
 * Builds the plugin's parts from config. Shared by the plugin and by the crash tests and
 * benchmark, which run the same parts in a child process.
 */
export async function createDatabasesService(options: {
  config: Config;
  logger: LoggerService;
  knex: Knex;
  skipMigrations?: boolean;
  catalog: CatalogService;
  permissions: PermissionsService;
  notifications: NotificationService;
  events: EventsService;
  now?: () => number;
  /** Tests: use these instead of the configured targets. */
  targets?: DatabaseTargets;
}) {
  const { config, logger, knex, now } = options;
  const settings = readDatabasesSettings(config);
  const store = await DatabaseDatabasesStore.create({
    knex,
    skipMigrations: options.skipMigrations,
  });

  if (settings.policyFiles.length === 0) {
    logger.error(
      'No database policy is configured (databases.policy.files); every database request will be denied.',
    );
  }
  const policy = DatabasePolicy.fromFiles(
    settings.policyFiles.map(file => path.resolve(file)),
  );

  let kubernetes: Promise<KubernetesClients> | undefined;
  const kubernetesClients = () => {
    const k8sConfig = config.getOptionalConfig('databases.kubernetes');
    if (!k8sConfig) {
      throw new Error('Configure databases.kubernetes to use the kubernetes provisioner or secret store.');
    }
    kubernetes ??= createKubernetesClients(k8sConfig);
    return kubernetes;
  };

  const targets =
    options.targets ??
    DatabaseTargets.fromConfig(config, {
      logger,
      kubernetes: target =>
        new CloudNativePgProvisioner({ clients: kubernetesClients(), ...target }),
    });

  let secrets: DatabaseSecretStore;
  const secretStore = config.getOptionalString('databases.secrets.store') ?? 'database';
  try {
    if (secretStore === 'kubernetes') {
      secrets = new KubernetesSecretStore(kubernetesClients());
    } else if (secretStore === 'database') {
      secrets = EncryptedDatabaseSecretStore.fromConfig(config, knex);
    } else {
      throw new Error(
        `databases.secrets.store must be database or kubernetes, not ${secretStore}.`,
      );
    }
  } catch (error) {
    // The rest of the portal keeps running; requests explain what is missing.
    logger.error(`Database requests are switched off: ${(error as Error).message}`);
    secrets = new UnavailableSecretStore((error as Error).message);
  }

  const dispatcher = new OutboxDispatcher({
    store,
    notifications: options.notifications,
    events: options.events,
    logger,
    now,
  });
  const worker = new ProvisioningWorker({
    store,
    targets,
    secrets,
    settings,
    dispatcher,
    logger,
    now,
  });
  const monitor = new DatabaseMonitor({ store, targets, settings, dispatcher, logger, now });
  const service = new DatabaseRequestService({
    store,
    policy,
    targets,
    secrets,
    settings,
    catalog: options.catalog,
    permissions: options.permissions,
    worker,
    dispatcher,
    logger,
    now,
  });
  return { service, worker, monitor, dispatcher, store, targets, secrets, settings, policy };
}
