import { LoggerService } from '@backstage/backend-plugin-api';
import { DatabasesSettings } from '../config/DatabasesSettings';
import { DatabaseRecord, DatabasesStore } from '../database/DatabasesStore';
import { DatabaseTargets } from '../provisioning/DatabaseTargets';
import { Announcer, databaseLink, describeDatabase } from './announcements';
import { OutboxDispatcher } from './OutboxDispatcher';

const SAMPLE_RETENTION_MS = 7 * 24 * 3600_000;
const GIB = 1024 ** 3;

/**
 * Records each database's size, connections and reachability (a global scheduled task, so
 * once across replicas) and tells the owners when a database becomes unreachable or grows
 * past its size class, once per change rather than at every check.
 */
export class DatabaseMonitor {
  constructor(
    private readonly options: {
      store: DatabasesStore;
      targets: DatabaseTargets;
      settings: DatabasesSettings;
      dispatcher: OutboxDispatcher;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  async checkAll(): Promise<void> {
    const { store } = this.options;
    const databases = await store.listDatabases({ statuses: ['active', 'decommissioning'] });
    for (const database of databases) {
      await this.check(database).catch(error =>
        this.options.logger.warn(
          `Could not check ${describeDatabase(database)}: ${error}`,
        ),
      );
    }
    await store.pruneHealthSamples(this.now() - SAMPLE_RETENTION_MS);
    this.options.dispatcher.kick();
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }

  async check(database: DatabaseRecord): Promise<void> {
    const { store, targets, settings } = this.options;
    const sizeClass = settings.sizeClasses[database.size];
    const target = {
      databaseId: database.id,
      roleName: database.roleName,
      databaseName: database.databaseName,
      connectionLimit: sizeClass.connectionLimit,
    };
    const measurement = await targets
      .get(database.environment)
      .then(p => p.measure(target))
      .catch((error: Error) => ({
        reachable: false,
        message: error.message,
        sizeBytes: undefined,
        connections: undefined,
      }));

    let state: 'ok' | 'unreachable' | 'over-class' = 'ok';
    let message = measurement.message;
    if (!measurement.reachable) {
      state = 'unreachable';
    } else if ((measurement.sizeBytes ?? 0) > sizeClass.storageGb * GIB) {
      state = 'over-class';
      message = `It holds ${formatGib(measurement.sizeBytes!)} GiB; the ${database.size} class allows ${sizeClass.storageGb} GiB. Resize it or delete data.`;
    } else if ((measurement.connections ?? 0) >= sizeClass.connectionLimit) {
      state = 'over-class';
      message = `It has ${measurement.connections} connections, the most the ${database.size} class allows (${sizeClass.connectionLimit}).`;
    }

    const now = this.now();
    await store.transaction(async tx => {
      await tx.insertHealthSample({
        databaseId: database.id,
        at: now,
        reachable: measurement.reachable,
        sizeBytes: measurement.sizeBytes,
        connections: measurement.connections,
      });
      const notify = state !== (database.healthNotifiedState ?? 'ok');
      await tx.updateDatabase(database.id, {
        health: {
          state,
          checkedAt: now,
          reachable: measurement.reachable,
          sizeBytes: measurement.sizeBytes,
          connections: measurement.connections,
          message,
        },
        ...(notify ? { healthNotifiedState: state } : {}),
      });
      if (notify) {
        const name = describeDatabase(database);
        await new Announcer(tx, now).notify({
          recipients: { type: 'entity', entityRef: database.ownerRef },
          payload:
            state === 'ok'
              ? {
                  title: `${name} is healthy again`,
                  link: databaseLink(database),
                  topic: 'databases-health',
                }
              : {
                  title:
                    state === 'unreachable'
                      ? `${name} is unreachable`
                      : `${name} is bigger than its size class`,
                  description: message,
                  link: databaseLink(database),
                  severity: 'critical',
                  topic: 'databases-health',
                },
        });
      }
    });
  }
}

function formatGib(bytes: number) {
  return (bytes / GIB).toFixed(1);
}
