import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { databasesPermissions } from '@internal/plugin-databases-common';
import { createDatabasesService } from './service/createDatabasesService';
import { createRouter } from './service/router';
import { registerDatabaseActions } from './service/actions';
import { databaseResourceRef, isDatabaseOwner } from './service/permissionRules';

/**
 * Databases on request: the API the portal's pages, the scaffolder action and MCP actions
 * use; a global worker task that finishes requests (also after crashes) and a global
 * monitoring task.
 */
export const databasesPlugin = createBackendPlugin({
  pluginId: 'databases',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
        events: eventsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler, lifecycle } = deps;
        const knex = await deps.database.getClient();
        const parts = await createDatabasesService({
          config,
          logger,
          knex,
          skipMigrations: deps.database.migrations?.skip,
          catalog: deps.catalog,
          permissions: deps.permissions,
          notifications: deps.notifications,
          events: deps.events,
        });
        const { service, worker, monitor, dispatcher, store, targets } = parts;

        deps.permissionsRegistry.addPermissions(databasesPermissions);
        deps.permissionsRegistry.addResourceType({
          resourceRef: databaseResourceRef,
          permissions: databasesPermissions.filter(p => p.type === 'resource'),
          rules: [isDatabaseOwner],
          getResources: ids => Promise.all(ids.map(id => store.getDatabase(id))),
        });

        deps.httpRouter.use(
          createRouter({ service, httpAuth: deps.httpAuth, userInfo: deps.userInfo }),
        );
        deps.httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        registerDatabaseActions({
          actionsRegistry: deps.actionsRegistry,
          service,
          userInfo: deps.userInfo,
        });

        const schedule = (key: string, fallback: object) =>
          config.has(key)
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(config.getConfig(key))
            : (fallback as any);

        await scheduler.scheduleTask({
          id: 'databases-worker',
          scope: 'global',
          ...schedule('databases.worker.schedule', {
            frequency: { seconds: 10 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 5 },
          }),
          fn: async () => {
            await worker.sweep();
            await dispatcher.deliverDue();
          },
        });
        await scheduler.scheduleTask({
          id: 'databases-monitoring',
          scope: 'global',
          ...schedule('databases.monitoring.schedule', {
            frequency: { minutes: 1 },
            timeout: { minutes: 2 },
            initialDelay: { seconds: 30 },
          }),
          fn: () => monitor.checkAll(),
        });

        lifecycle.addStartupHook(() => targets.warmUp());
        lifecycle.addShutdownHook(async () => {
          worker.stop();
          await worker.idle();
          await dispatcher.idle();
          await targets.close();
        });
        logger.info(`Databases are provisioned on ${targets.description}`);
      },
    });
  },
});
