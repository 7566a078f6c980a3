import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { tuneSqlite } from './tuneSqlite';

/**
 * Keeps the catalog fast at scale without changing catalog-backend: on SQLite it
 * switches the catalog database to write-ahead logging (see tuneSqlite). On PostgreSQL
 * it changes nothing; catalog-backend's own indexes serve the list, facet and entity
 * calls within the targets (bench/catalog).
 */
export const catalogModuleDatabaseTuning = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'database-tuning',
  register(reg) {
    reg.registerInit({
      deps: {
        database: coreServices.database,
        logger: coreServices.logger,
      },
      async init({ database, logger }) {
        const knex = await database.getClient();
        const client = String(knex.client.config.client);
        if (client.includes('sqlite')) {
          const mode = await tuneSqlite(knex);
          logger.info(`Catalog SQLite database journal mode: ${mode}`);
        }
      },
    });
  },
});
