import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { OwnershipPermissionPolicy } from './OwnershipPermissionPolicy';

/** Installs {@link OwnershipPermissionPolicy} as the portal's permission policy. */
export const permissionModuleOwnershipPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ownership-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ policy, config }) {
        policy.setPolicy(OwnershipPermissionPolicy.fromConfig(config));
      },
    });
  },
});
