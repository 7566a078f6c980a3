import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { devexPermissions } from '@internal/plugin-devex-common';
import { readDevexConfig } from './config';
import { DatabaseEventStore } from './database/DatabaseEventStore';
import { DatabaseFeedbackStore } from './database/DatabaseFeedbackStore';
import { DatabaseMetricsStore } from './database/DatabaseMetricsStore';
import { DatabasePlatformStore } from './database/DatabasePlatformStore';
import { applyDatabaseMigrations } from './database/migrations';
import { epochDay, systemClock } from './lib/time';
import { CatalogCollector } from './service/CatalogCollector';
import { CostModel } from './service/CostModel';
import { DashboardService } from './service/DashboardService';
import {
  DATABASE_REQUEST_TOPIC,
  DatabaseRequestSubscriber,
} from './service/DatabaseRequestSubscriber';
import { FeedbackService } from './service/FeedbackService';
import { IngestionService } from './service/IngestionService';
import { createRouter } from './service/router';
import { ScaffolderCollector } from './service/ScaffolderCollector';
import { ScaffolderTasks } from './service/ScaffolderTasks';
import { DEMO_SEED_LAST_DAY, DemoDataSeeder } from './seed/DemoDataSeeder';

/**
 * DevEx metrics: DORA, platform adoption, time to first value, satisfaction and
 * cost, from events senders post and the portal's own activity.
 */
export const devexPlugin = createBackendPlugin({
  pluginId: 'devex',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        const { config: rootConfig, logger, database } = deps;
        const config = readDevexConfig(rootConfig);
        const db = await database.getClient();
        if (!database.migrations?.skip) {
          await applyDatabaseMigrations(db);
        }
        deps.permissionsRegistry.addPermissions(devexPermissions);

        const clock = systemClock;
        const eventStore = DatabaseEventStore.create(db);
        const platformStore = DatabasePlatformStore.create(db);
        const feedbackStore = DatabaseFeedbackStore.create(db);
        const metricsStore = DatabaseMetricsStore.create(db);
        const costModel = new CostModel(config.cost);
        const tasks = new ScaffolderTasks(deps.discovery, deps.auth);
        const scaffolderCollector = new ScaffolderCollector(tasks, platformStore, logger);
        const catalogCollector = new CatalogCollector(
          deps.catalog,
          deps.auth,
          platformStore,
          costModel,
          clock,
          logger,
        );
        const seeder = config.seedDemoData
          ? new DemoDataSeeder({
              events: eventStore,
              platform: platformStore,
              feedback: feedbackStore,
              costModel,
              productionEnvironments: config.productionEnvironments,
              pulsePeriod: config.pulse.period,
              clock,
              logger,
            })
          : undefined;

        await deps.events.subscribe({
          id: 'devex-database-requests',
          topics: [DATABASE_REQUEST_TOPIC],
          onEvent: event => new DatabaseRequestSubscriber(platformStore, logger).onEvent(event),
        });
        await deps.events.subscribe({
          id: 'devex-scaffolder-tasks',
          topics: ['scaffolder.task'],
          onEvent: event => scaffolderCollector.onTaskEvent(event.eventPayload),
        });

        await deps.scheduler.scheduleTask({
          id: 'devex-collect',
          scope: 'global',
          ...config.collectSchedule,
          fn: async () => {
            let { entities } = await catalogCollector.collect();
            if (seeder && !(await platformStore.getMeta(DEMO_SEED_LAST_DAY))) {
              // On a fresh start the catalog is still reading its locations: seed the
              // demo once what it lists has settled, not with half the organization.
              let previous = -1;
              for (let i = 0; i < 36 && (entities === 0 || entities !== previous); i++) {
                await new Promise(resolve => setTimeout(resolve, 5000));
                previous = entities;
                ({ entities } = await catalogCollector.collect());
              }
            }
            try {
              await scaffolderCollector.collect();
            } catch (error) {
              logger.warn(`Could not read template runs from the scaffolder: ${error}`);
            }
            if (seeder && entities > 0) {
              await seeder.seed();
              // The seed wrote history; today's snapshot reflects it too.
              await catalogCollector.collect();
            }
          },
        });

        // The stored dashboard windows move to each new day; dashboards compose the
        // rest, so a missed run costs a few more rows, never a wrong figure.
        await deps.scheduler.scheduleTask({
          id: 'devex-advance-windows',
          scope: 'global',
          frequency: { minutes: 10 },
          timeout: { minutes: 5 },
          fn: async () => {
            await eventStore.advanceWindows(epochDay(clock.now().getTime()) - 1);
          },
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            logger,
            ingestion: new IngestionService(
              eventStore,
              deps.catalog,
              deps.auth,
              config.productionEnvironments,
              clock,
            ),
            dashboards: new DashboardService(
              metricsStore,
              platformStore,
              deps.catalog,
              deps.auth,
              costModel,
              config,
              rootConfig.getOptionalString('organization.name') ?? 'Organization',
              clock,
            ),
            feedback: new FeedbackService(
              feedbackStore,
              platformStore,
              tasks,
              scaffolderCollector,
              deps.userInfo,
              config,
              clock,
            ),
          }),
        );
        // Senders authenticate with static tokens, not as users.
        deps.httpRouter.addAuthPolicy({ path: '/events', allow: 'unauthenticated' });
      },
    });
  },
});
