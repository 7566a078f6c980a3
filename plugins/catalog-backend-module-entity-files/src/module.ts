import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import path from 'node:path';
import { EntityFilesEntityProvider } from './EntityFilesEntityProvider';

// No initial delay: the first read starts as soon as the catalog is up.
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 10 },
};

/**
 * Every replica of the backend reads the source itself (scope `local`). A provider hands
 * the catalog what changed since its own last read; with one global task, the replica
 * that happens to run it may have last read an older version, and a change it never saw
 * undone (an entity removed and back again) would be missed. When every replica reads
 * every version, the last write of each entity is one of the current source.
 */
const DEFAULT_SCOPE = 'local' as const;

/**
 * Ingests bulk entity files through entity providers that apply delta mutations,
 * configured under `catalog.providers.entityFiles.<id>`.
 */
export const catalogModuleEntityFiles = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'entity-files',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        const sources = config.getOptionalConfig(
          'catalog.providers.entityFiles',
        );
        for (const id of sources?.keys() ?? []) {
          const source = sources!.getConfig(id);
          const schedule = source.has('schedule')
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                source.getConfig('schedule'),
              )
            : DEFAULT_SCHEDULE;
          catalog.addEntityProvider(
            EntityFilesEntityProvider.create({
              source: {
                id,
                // Relative paths are relative to the backend's working directory, as
                // file locations are.
                path: path.resolve(source.getString('path')),
                allowedKinds: source.getOptionalStringArray('allowedKinds'),
              },
              logger,
              taskRunner: scheduler.createScheduledTaskRunner({
                ...schedule,
                scope: schedule.scope ?? DEFAULT_SCOPE,
              }),
            }),
          );
        }
      },
    });
  },
});
