import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPublishLocalAction } from './actions/createPublishLocalAction';
import { createRegisterAction } from './actions/createRegisterAction';
import { createRollbackAction } from './actions/createRollbackAction';
import { createTargetAction } from './actions/createTargetAction';
import { createValidateAction } from './actions/createValidateAction';
import { CatalogRegistration } from './catalog/CatalogRegistration';
import { choosePublishTarget } from './publish/PublishTarget';
import { RunLedger } from './rollback/RunLedger';

/** The scaffolder actions behind the golden-path templates (see README). */
export const scaffolderModuleGoldenPaths = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'golden-paths',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        actions: scaffolderActionsExtensionPoint,
      },
      async init({
        config,
        logger,
        auth,
        discovery,
        catalog,
        events,
        actions,
      }) {
        const publishTarget = choosePublishTarget(config);
        if (publishTarget.target) {
          logger.info(
            `Golden paths publish to ${
              publishTarget.target.type === 'local'
                ? `local git repositories in ${publishTarget.target.directory}`
                : `${publishTarget.target.host}/${publishTarget.target.owner}`
            }`,
          );
        } else {
          logger.warn(publishTarget.problem);
        }
        const ledger = new RunLedger();
        const registration = new CatalogRegistration({
          catalog,
          auth,
          discovery,
          timeoutMs:
            (config.getOptionalNumber('goldenPaths.register.timeoutSeconds') ??
              60) * 1000,
        });
        actions.addActions(
          createValidateAction({ catalog, auth, publishTarget }),
          createTargetAction({ publishTarget }),
          createPublishLocalAction({ config, events, ledger, publishTarget }),
          createRegisterAction({
            catalog,
            auth,
            registration,
            ledger,
            publishTarget,
          }),
          createRollbackAction({ ledger }),
        );
      },
    });
  },
});
