import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DATABASE_ENVIRONMENTS,
  DatabaseEnvironment,
} from '@internal/plugin-databases-common';
import { DatabaseProvisioner, TargetUnavailableError } from './DatabaseProvisioner';
import { EmbeddedPostgres } from './EmbeddedPostgres';
import { PostgresProvisioner } from './PostgresProvisioner';

export type KubernetesProvisionerFactory = (options: {
  environment: DatabaseEnvironment;
  clusterName: string;
  publicHost?: string;
  publicPort?: number;
}) => DatabaseProvisioner;

/**
 * The server of each environment: configured targets (`databases.targets.<environment>`),
 * or, when none is configured, one embedded PostgreSQL for all environments.
 */
export class DatabaseTargets {
  private constructor(
    private readonly provisioners: Map<
      DatabaseEnvironment,
      () => Promise<DatabaseProvisioner>
    >,
    private readonly closers: Array<() => Promise<void>>,
    readonly description: string,
  ) {}

  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      kubernetes?: KubernetesProvisionerFactory;
    },
  ): DatabaseTargets {
    const targets = config.getOptionalConfig('databases.targets');
    const provisioners = new Map<DatabaseEnvironment, () => Promise<DatabaseProvisioner>>();
    const closers: Array<() => Promise<void>> = [];

    if (targets && targets.keys().length > 0) {
      for (const key of targets.keys()) {
        if (!(DATABASE_ENVIRONMENTS as readonly string[]).includes(key)) {
          throw new Error(
            `databases.targets.${key} is not an environment; use ${DATABASE_ENVIRONMENTS.join(', ')}.`,
          );
        }
        const environment = key as DatabaseEnvironment;
        const target = targets.getConfig(key);
        const kind = target.getOptionalString('provisioner') ?? 'postgres';
        let provisioner: DatabaseProvisioner;
        if (kind === 'kubernetes') {
          if (!options.kubernetes) {
            throw new Error(
              `databases.targets.${key} uses the kubernetes provisioner; configure databases.kubernetes.`,
            );
          }
          provisioner = options.kubernetes({
            environment,
            clusterName: target.getString('clusterName'),
            publicHost: target.getOptionalString('publicHost'),
            publicPort: target.getOptionalNumber('publicPort'),
          });
        } else if (kind === 'postgres') {
          const c = target.getConfig('connection');
          provisioner = new PostgresProvisioner({
            environment,
            host: c.getString('host'),
            port: c.getOptionalNumber('port') ?? 5432,
            user: c.getString('user'),
            password: c.getOptionalString('password'),
            database: c.getOptionalString('database'),
            ssl: c.getOptionalBoolean('ssl'),
            publicHost: target.getOptionalString('publicHost'),
            publicPort: target.getOptionalNumber('publicPort'),
          });
        } else {
          throw new Error(
            `databases.targets.${key}.provisioner must be postgres or kubernetes, not ${kind}.`,
          );
        }
        provisioners.set(environment, async () => provisioner);
        closers.push(() => provisioner.close());
      }
      return new DatabaseTargets(
        provisioners,
        closers,
        `configured targets for ${[...provisioners.keys()].join(', ')}`,
      );
    }

    const embeddedEnabled =
      config.getOptionalBoolean('databases.embeddedPostgres.enabled') ?? true;
    if (!embeddedEnabled) {
      return new DatabaseTargets(provisioners, closers, 'no target configured');
    }
    const directory = path.resolve(
      config.getOptionalString('databases.embeddedPostgres.directory') ??
        path.join(process.env.PORTAL_DATA_DIR ?? 'data', 'databases', 'postgres'),
    );
    const embedded = new EmbeddedPostgres({
      directory,
      port: config.getOptionalNumber('databases.embeddedPostgres.port') ?? 54329,
      logger: options.logger,
    });
    let shared: Promise<PostgresProvisioner> | undefined;
    const get = () => {
      if (!shared) {
        shared = embedded
          .start()
          .then(connection => new PostgresProvisioner({ environment: 'local', ...connection }));
        shared.catch(error => {
          shared = undefined;
          options.logger.error(`Embedded PostgreSQL could not start: ${error}`);
        });
      }
      return shared.catch(error => {
        throw new TargetUnavailableError(
          `The portal's embedded PostgreSQL server could not start (${
            (error as Error).message
          }).`,
        );
      });
    };
    for (const environment of DATABASE_ENVIRONMENTS) {
      provisioners.set(environment, get);
    }
    closers.push(async () => {
      if (shared) await (await shared.catch(() => undefined))?.close();
      await embedded.stop();
    });
    return new DatabaseTargets(
      provisioners,
      closers,
      `the embedded PostgreSQL in ${directory}`,
    );
  }

  /** For tests: the given provisioner per environment. */
  static of(
    map: Partial<Record<DatabaseEnvironment, DatabaseProvisioner>>,
  ): DatabaseTargets {
    const provisioners = new Map<DatabaseEnvironment, () => Promise<DatabaseProvisioner>>();
    for (const [env, p] of Object.entries(map)) {
      provisioners.set(env as DatabaseEnvironment, async () => p!);
    }
    return new DatabaseTargets(provisioners, [], 'test targets');
  }

  isAvailable(environment: DatabaseEnvironment): boolean {
    return this.provisioners.has(environment);
  }

  async get(environment: DatabaseEnvironment): Promise<DatabaseProvisioner> {
    const provisioner = this.provisioners.get(environment);
    if (!provisioner) {
      throw new TargetUnavailableError(
        `No database server is configured for the ${environment} environment (databases.targets.${environment}).`,
      );
    }
    return provisioner();
  }

  /** Starts what starts slowly (the embedded server) ahead of the first request. */
  warmUp(): void {
    for (const provisioner of new Set(this.provisioners.values())) {
      provisioner().catch(() => {});
    }
  }

  async close(): Promise<void> {
    for (const close of this.closers) {
      await close().catch(() => {});
    }
  }
}
