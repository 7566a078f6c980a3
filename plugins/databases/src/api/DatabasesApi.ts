import { createApiRef } from '@backstage/frontend-plugin-api';
import type { DatabasesClient } from '@internal/plugin-databases-common';

/** The databases backend's API, as the portal's pages use it. */
export type DatabasesApi = Omit<DatabasesClient, 'getCatalogEntities'>;

export const databasesApiRef = createApiRef<DatabasesApi>({
  id: 'plugin.databases.api',
});
