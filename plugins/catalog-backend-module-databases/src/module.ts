import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { DATABASE_CATALOG_EVENT_TOPIC } from '@internal/plugin-databases-common';
import { DatabaseEntityProvider } from './DatabaseEntityProvider';

/**
 * Catalog module: database Resources from the databases plugin, refreshed when it announces
 * a change (events topic `databases.catalog`) and every few minutes as a safety net.
 */
export const catalogModuleDatabases = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'databases',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
      },
      async init({ catalog, discovery, auth, logger, scheduler, events }) {
        const provider = new DatabaseEntityProvider({ discovery, auth, logger });
        catalog.addEntityProvider(provider);
        await events.subscribe({
          id: 'catalog-databases-provider',
          topics: [DATABASE_CATALOG_EVENT_TOPIC],
          onEvent: () => provider.refresh(),
        });
        await scheduler.scheduleTask({
          id: 'databases-entity-provider',
          scope: 'global',
          frequency: { minutes: 5 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 10 },
          fn: () => provider.refresh(),
        });
      },
    });
  },
});
