import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';

/**
 * Stands in for `databases:request` of the databases plugin (issue #5) in tests,
 * with the input contract that plugin registers (plugins/scaffolder-backend-module-databases):
 * the golden path must call it with exactly these fields; database names are 3 to
 * 40 lowercase letters, digits and underscores. `fail` makes it refuse, as a real request can.
 */
export function databaseRequestStandIn() {
  const state = {
    fail: false,
    calls: [] as Array<Record<string, unknown>>,
  };
  const module = createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'databases-stand-in',
    register(reg) {
      reg.registerInit({
        deps: { actions: scaffolderActionsExtensionPoint },
        async init({ actions }) {
          actions.addActions(
            createTemplateAction({
              id: 'databases:request',
              schema: {
                input: z =>
                  z
                    .object({
                      component: z
                        .string()
                        .regex(/^component:[a-z0-9-]+\/[a-z0-9-]+$/),
                      name: z.string().regex(/^[a-z0-9_]{3,40}$/),
                      environment: z.enum([
                        'development',
                        'staging',
                        'production',
                      ]),
                      size: z.enum(['small', 'medium', 'large']),
                      backupRetentionDays: z.number().optional(),
                      highAvailability: z.boolean().optional(),
                      justification: z.string().optional(),
                    })
                    .strict(),
              },
              async handler(ctx) {
                state.calls.push(ctx.input);
                if (state.fail) {
                  throw new Error(
                    'The database request was refused: the quota of team-checkout is used up.',
                  );
                }
                ctx.logger.info(`Requested database ${ctx.input.name}`);
              },
            }),
          );
        },
      });
    },
  });
  return { state, module };
}
