import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

const TECHDOCS_REF = 'backstage.io/techdocs-ref';

export type PrebuildSummary = {
  entities: number;
  built: number;
  upToDate: number;
  failed: string[];
};

/**
 * Asks the TechDocs backend to sync the docs of every entity that has them. The
 * sync endpoint is the one the reader calls on a first view: it builds only what is
 * missing or stale and publishes it, so repeated runs are cheap.
 */
export async function prebuildAllDocs(options: {
  catalog: CatalogService;
  auth: AuthService;
  discovery: DiscoveryService;
  logger: LoggerService;
}): Promise<PrebuildSummary> {
  const { catalog, auth, discovery, logger } = options;
  const credentials = await auth.getOwnServiceCredentials();
  const { items } = await catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${TECHDOCS_REF}`]: CATALOG_FILTER_EXISTS,
      },
      fields: ['kind', 'metadata.namespace', 'metadata.name'],
    },
    { credentials },
  );
  const baseUrl = await discovery.getBaseUrl('techdocs');
  const summary: PrebuildSummary = {
    entities: items.length,
    built: 0,
    upToDate: 0,
    failed: [],
  };
  for (const entity of items) {
    const ref = stringifyEntityRef(entity);
    try {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'techdocs',
      });
      const updated = await syncDocs(baseUrl, entity, token);
      if (updated) {
        summary.built += 1;
      } else {
        summary.upToDate += 1;
      }
    } catch (error) {
      summary.failed.push(ref);
      logger.warn(`Could not build the docs of ${ref}: ${error}`);
    }
  }
  return summary;
}

async function syncDocs(
  baseUrl: string,
  entity: Entity,
  token: string,
): Promise<boolean> {
  const path = [
    entity.metadata.namespace ?? 'default',
    entity.kind,
    entity.metadata.name,
  ]
    .map(encodeURIComponent)
    .join('/');
  const res = await fetch(`${baseUrl}/sync/${path}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
  });
  if (!res.ok) {
    throw new Error(`sync answered ${res.status} ${res.statusText}`);
  }
  // The answer is a server-sent event stream ending in `finish` or `error`.
  const stream = await res.text();
  const error = /event: error\ndata: (.*)/.exec(stream);
  if (error) {
    throw new Error(JSON.parse(error[1]));
  }
  const finish = /event: finish\ndata: (.*)/.exec(stream);
  return finish ? Boolean(JSON.parse(finish[1]).updated) : false;
}
