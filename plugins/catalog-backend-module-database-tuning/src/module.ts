import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { maintainCatalogTables } from './maintainCatalogTables';
import { tuneSqlite } from './tuneSqlite';

/**
 * Keeps the catalog fast at scale without changing catalog-backend: on SQLite it
 * switches the catalog database to write-ahead logging (see tuneSqlite); on PostgreSQL
 * it keeps the planner statistics of the catalog tables current while large sources
 * are ingested, and vacuums its queues (see maintainCatalogTables).
 */
export const catalogModuleDatabaseTuning = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'database-tuning',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ config, database, logger, scheduler }) {
        const knex = await database.getClient();
        const client = String(knex.client.config.client);
        if (client.includes('sqlite')) {
          const mode = await tuneSqlite(knex);
          logger.info(`Catalog SQLite database journal mode: ${mode}`);
          return;
        }
        if (client === 'pg' || client.includes('postgres')) {
          // Off by default: during a 10,000-entity ingestion it cost 19 CPU seconds and
          // 5 s (bench/catalog) and did not speed the catalog up; for servers without
          // autovacuum.
          const vacuum =
            config.getOptionalBoolean('catalog.databaseTuning.vacuum') ?? false;
          await scheduler.scheduleTask({
            id: 'catalog-database-tuning:analyze',
            // Often enough to follow a bulk ingestion; a no-op query when nothing changed.
            frequency: { seconds: 10 },
            timeout: { minutes: 5 },
            fn: async () => {
              const { vacuumed, analyzed } = await maintainCatalogTables(knex, {
                vacuum,
              });
              if (vacuumed.length) {
                logger.info(`Vacuumed and analyzed ${vacuumed.join(', ')}`);
              }
              if (analyzed.length) {
                logger.info(
                  `Refreshed planner statistics of ${analyzed.join(', ')}`,
                );
              }
            },
          });
        }
      },
    });
  },
});
