import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { DatabasesClient } from '@internal/plugin-databases-common';

/**
 * Puts every database the databases plugin provisioned into the catalog as a Resource,
 * fed by that plugin's own store (over its API), not by files. Each refresh is a full
 * mutation, so a database appears once however often it is announced, and disappears when
 * it is dropped.
 */
export class DatabaseEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private running?: Promise<void>;
  private again = false;
  private readonly client: DatabasesClient;

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {
    this.client = new DatabasesClient({ discoveryApi: options.discovery });
  }

  getProviderName(): string {
    return 'databases';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  /** Refreshes now; calls during a refresh coalesce into one more. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.applyAll()
      .catch(error =>
        this.options.logger.warn(`Could not refresh database Resources: ${error}`),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.refresh();
        }
      });
    return this.running;
  }

  private async applyAll() {
    if (!this.connection) return;
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: 'databases',
    });
    const entities: Entity[] = await this.client.getCatalogEntities({ token });
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: `databases:${entity.metadata.annotations?.['wayfarer.example/database-id']}`,
      })),
    });
  }
}
