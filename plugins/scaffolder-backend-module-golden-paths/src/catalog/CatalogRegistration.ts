import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ANNOTATION_LOCATION, Entity } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import {
  CatalogService,
  locationSpecToMetadataName,
} from '@backstage/plugin-catalog-node';
import { refusal } from '../refusal';

const TECHDOCS_REF = 'backstage.io/techdocs-ref';

/**
 * Makes a newly published entity readable at once: asks the catalog to process
 * its location and the entity now (rather than on the processing loop's next
 * pass), waits until the catalog serves it from the expected location, and
 * builds its TechDocs so the first reader does not wait for them either.
 */
export class CatalogRegistration {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      discovery: DiscoveryService;
      timeoutMs: number;
      pollIntervalMs?: number;
    },
  ) {}

  /** The Location entity the catalog creates for a location target. */
  static locationEntityRef(type: string, target: string): string {
    return `location:default/${locationSpecToMetadataName({ type, target })}`;
  }

  async waitUntilReadable(options: {
    entityRef: string;
    location: { type: string; target: string };
    logger: LoggerService;
    signal?: AbortSignal;
  }): Promise<Entity> {
    const { entityRef, location, logger, signal } = options;
    const { catalog, auth, timeoutMs } = this.deps;
    const pollIntervalMs = this.deps.pollIntervalMs ?? 150;
    const credentials = await auth.getOwnServiceCredentials();
    const locationRef = CatalogRegistration.locationEntityRef(
      location.type,
      location.target,
    );
    const expectedLocation = `${location.type}:${location.target}`;
    const deadline = Date.now() + timeoutMs;
    let refreshedEntity = false;
    let refreshedLocation = false;

    while (Date.now() < deadline) {
      if (signal?.aborted) {
        throw refusal(new Error('The run was cancelled.'));
      }
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (entity) {
        const from = entity.metadata.annotations?.[ANNOTATION_LOCATION];
        if (from !== expectedLocation) {
          throw refusal(
            new ConflictError(
              `${entityRef} already exists in the catalog, registered from ${from}; choose another name.`,
            ),
          );
        }
        if (!refreshedEntity) {
          // A refresh also re-stitches relations (owner, system) right away.
          await this.refresh(entityRef, credentials);
          refreshedEntity = true;
        }
        return entity;
      }
      if (!refreshedLocation) {
        refreshedLocation = await this.refresh(locationRef, credentials);
      }
      await new Promise(r => setTimeout(r, pollIntervalMs));
    }
    logger.error(
      `${entityRef} did not appear in the catalog within ${timeoutMs} ms from ${expectedLocation}`,
    );
    throw refusal(
      new Error(
        `The project was published but ${entityRef} did not appear in the catalog within ${Math.round(
          timeoutMs / 1000,
        )} seconds, so this run is undone. Check that its catalog-info.yaml is valid, or ask the platform team to look at the catalog's processing errors.`,
      ),
    );
  }

  /**
   * Builds the entity's TechDocs through the TechDocs backend (the same call a
   * first reader makes). Returns a sentence for the task log; a failure here
   * leaves the new project in place, since the docs build again on first view.
   */
  async buildDocs(entity: Entity): Promise<string> {
    if (!entity.metadata.annotations?.[TECHDOCS_REF]) {
      return 'No TechDocs to build.';
    }
    const { auth, discovery } = this.deps;
    const path = [
      entity.metadata.namespace ?? 'default',
      entity.kind,
      entity.metadata.name,
    ]
      .map(encodeURIComponent)
      .join('/');
    try {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'techdocs',
      });
      const baseUrl = await discovery.getBaseUrl('techdocs');
      const res = await fetch(`${baseUrl}/sync/${path}`, {
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'text/event-stream',
        },
      });
      const stream = await res.text();
      if (!res.ok || /event: error/.test(stream)) {
        return `The docs could not be built now (${res.status}); they will build when first opened.`;
      }
      return 'Docs built.';
    } catch (error) {
      return `The docs could not be built now (${error}); they will build when first opened.`;
    }
  }

  private async refresh(entityRef: string, credentials: BackstageCredentials) {
    try {
      await this.deps.catalog.refreshEntity(entityRef, { credentials });
      return true;
    } catch {
      // Not in the catalog yet; the next poll tries again.
      return false;
    }
  }
}
