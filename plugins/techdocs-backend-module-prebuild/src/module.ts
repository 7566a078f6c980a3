import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { prebuildAllDocs } from './prebuildAllDocs';

const DEFAULT_SCHEDULE = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
  // Give the catalog a moment to process its locations after a cold start.
  initialDelay: { seconds: 15 },
};

/** Builds every entity's TechDocs ahead of its first view (see README). */
export const techdocsModulePrebuild = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'prebuild',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
      },
      async init({ config, scheduler, discovery, auth, logger, catalog }) {
        if (config.getOptionalBoolean('techdocs.prebuild.enabled') === false) {
          return;
        }
        const schedule = config.has('techdocs.prebuild.schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('techdocs.prebuild.schedule'),
            )
          : DEFAULT_SCHEDULE;
        await scheduler.scheduleTask({
          id: 'techdocs-prebuild',
          scope: 'global',
          ...schedule,
          fn: async () => {
            const summary = await prebuildAllDocs({
              catalog,
              auth,
              discovery,
              logger,
            });
            logger.info(
              `Prebuilt TechDocs: ${summary.built} built, ${summary.upToDate} up to date, ${summary.failed.length} failed, of ${summary.entities} entities with docs`,
            );
          },
        });
      },
    });
  },
});
