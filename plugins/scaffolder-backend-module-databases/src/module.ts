import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { DatabasesClient } from '@internal/plugin-databases-common';
import { createDatabaseRequestAction } from './createDatabaseRequestAction';

/** Registers the `databases:request` action with the scaffolder. */
export const scaffolderModuleDatabases = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'databases',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(
          createDatabaseRequestAction({
            client: new DatabasesClient({ discoveryApi: discovery }),
            auth,
          }),
        );
      },
    });
  },
});
