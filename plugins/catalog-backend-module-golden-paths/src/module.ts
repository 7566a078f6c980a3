import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  LOCAL_REPOSITORIES_DIRECTORY_CONFIG,
  LOCAL_REPOSITORIES_TOPIC,
} from '@internal/plugin-golden-paths-common';
import { LocalRepositoryEntityProvider } from './LocalRepositoryEntityProvider';

/**
 * Catalogs the local git repositories that golden paths publish (see README).
 * Without `goldenPaths.publish.local.directory` it does nothing.
 */
export const catalogModuleGoldenPaths = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'golden-paths',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
        processing: catalogProcessingExtensionPoint,
      },
      async init({ config, logger, scheduler, events, processing }) {
        const directory = config.getOptionalString(
          LOCAL_REPOSITORIES_DIRECTORY_CONFIG,
        );
        if (!directory) {
          logger.info(
            `No ${LOCAL_REPOSITORIES_DIRECTORY_CONFIG} configured; local golden-path repositories are not catalogued`,
          );
          return;
        }
        const provider = LocalRepositoryEntityProvider.create({
          directory,
          logger,
        });
        processing.addEntityProvider(provider);

        // The scaffolder announces each repository it adds or removes, so the
        // catalog sees it at once; the schedule catches changes made by hand.
        await events.subscribe({
          id: 'golden-paths-local-repositories',
          topics: [LOCAL_REPOSITORIES_TOPIC],
          onEvent: async () => provider.sync(),
        });
        await scheduler.scheduleTask({
          id: 'golden-paths-local-repositories',
          scope: 'local',
          frequency: { minutes: 5 },
          timeout: { minutes: 1 },
          initialDelay: { minutes: 5 },
          fn: async () => provider.sync(),
        });
      },
    });
  },
});
