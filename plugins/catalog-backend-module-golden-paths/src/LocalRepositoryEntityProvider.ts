import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
  locationSpecToLocationEntity,
} from '@backstage/plugin-catalog-node';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const PROVIDER_NAME = 'golden-paths-local-repositories';

/**
 * Catalogs the git repositories that golden paths publish into one folder: one
 * `file` Location per repository, pointing at its `catalog-info.yaml`. The folder
 * is the only source of truth, so a repository that is removed takes its
 * location and entities with it, and nothing registered through the catalog API
 * can point elsewhere on the server's disk.
 *
 * Repositories are published under a temporary name and renamed into place, so a
 * sync never sees one half-written.
 */
export class LocalRepositoryEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private pending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly directory: string,
    private readonly logger: LoggerService,
  ) {}

  static create(options: { directory: string; logger: LoggerService }) {
    return new LocalRepositoryEntityProvider(
      resolve(options.directory),
      options.logger,
    );
  }

  getProviderName(): string {
    return PROVIDER_NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.sync();
  }

  /**
   * Reads the folder and replaces the provider's locations with what is there.
   * Calls are queued, so a burst of changes never applies an older view last.
   */
  sync(): Promise<void> {
    const next = this.pending.then(() => this.syncNow());
    this.pending = next.catch(() => undefined);
    return next;
  }

  private async syncNow(): Promise<void> {
    if (!this.connection) {
      return;
    }
    const targets = await this.listCatalogFiles();
    await this.connection.applyMutation({
      type: 'full',
      entities: targets.map(target => ({
        locationKey: `${PROVIDER_NAME}:${target}`,
        entity: locationSpecToLocationEntity({
          location: { type: 'file', target },
        }),
      })),
    });
    this.logger.debug(
      `Catalogued ${targets.length} golden-path repositories in ${this.directory}`,
    );
  }

  private async listCatalogFiles(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return [];
      }
      throw error;
    }
    const targets: string[] = [];
    for (const name of names.sort()) {
      // Dot folders hold repositories still being written.
      if (name.startsWith('.')) {
        continue;
      }
      const repository = join(this.directory, name);
      if (
        (await isDirectory(join(repository, '.git'))) &&
        (await isFile(join(repository, 'catalog-info.yaml')))
      ) {
        targets.push(join(repository, 'catalog-info.yaml'));
      }
    }
    return targets;
  }
}

async function isDirectory(path: string) {
  return stat(path).then(
    s => s.isDirectory(),
    () => false,
  );
}

async function isFile(path: string) {
  return stat(path).then(
    s => s.isFile(),
    () => false,
  );
}
