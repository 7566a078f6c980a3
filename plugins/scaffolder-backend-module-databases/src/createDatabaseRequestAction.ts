import { AuthService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  DatabaseRequest,
  DatabasesClient,
} from '@internal/plugin-databases-common';

const FINAL = ['completed', 'failed', 'denied', 'rejected'];

/**
 * `databases:request`: asks the databases plugin for a PostgreSQL database on behalf of the
 * user who runs the template, through its HTTP API, so the policy, team ownership and
 * approvals are exactly those of the portal's own form. An allowed request is awaited until
 * provisioned; one that needs approval ends the step with a link to it. Credentials are never
 * fetched here, so they cannot reach the task log.
 */
export function createDatabaseRequestAction(options: {
  client: Pick<DatabasesClient, 'submitRequest' | 'getRequest'>;
  auth: AuthService;
  /** How long to wait for an allowed request to be provisioned. */
  waitMs?: number;
  pollMs?: number;
}) {
  const { client, auth } = options;
  const waitMs = options.waitMs ?? 120_000;
  const pollMs = options.pollMs ?? 1_000;

  return createTemplateAction({
    id: 'databases:request',
    description:
      "Requests a PostgreSQL database for a component the user's team owns, checked by the portal's database policy.",
    schema: {
      input: {
        component: z =>
          z.string().describe('Entity ref of the owning component, e.g. component:default/checkout-service'),
        name: z => z.string().describe('Database name: 3 to 40 lowercase letters, digits and underscores'),
        environment: z => z.enum(['development', 'staging', 'production']),
        size: z => z.enum(['small', 'medium', 'large']),
        backupRetentionDays: z => z.number().int().optional(),
        highAvailability: z => z.boolean().optional(),
        justification: z => z.string().optional(),
        region: z => z.string().optional(),
      },
      output: {
        requestId: z => z.string(),
        status: z => z.string(),
        entityRef: z => z.string(),
        monthlyCostUsd: z => z.number(),
        requestUrl: z => z.string(),
      },
    },
    async handler(ctx) {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: 'databases',
      });
      const input = Object.fromEntries(
        Object.entries(ctx.input).filter(([, v]) => v !== undefined && v !== ''),
      ) as any;
      // A retried task must not file a second request.
      const requestId = await ctx.checkpoint({
        key: `databases-request-${input.environment}-${input.name}`,
        fn: async () => (await client.submitRequest(input, { token })).id,
      });

      let request: DatabaseRequest = await client.getRequest(requestId, { token });
      const describe = `${request.spec.name} (${request.spec.environment})`;
      if (request.status === 'denied') {
        throw new Error(
          `The database policy denied ${describe}: ${request.verdict.reasons
            .map(r => r.message)
            .join(' ')}`,
        );
      }
      if (request.status === 'awaiting-approval') {
        ctx.logger.info(
          `${describe} needs the approval of a platform-team member: ${request.verdict.approvalReasons
            .map(r => r.message)
            .join(' ')} Follow it at /databases/requests/${request.id}.`,
        );
      } else {
        ctx.logger.info(`The policy allowed ${describe}; provisioning it.`);
        const deadline = Date.now() + waitMs;
        while (!FINAL.includes(request.status) && Date.now() < deadline) {
          await new Promise(resolve => setTimeout(resolve, pollMs));
          request = await client.getRequest(requestId, { token });
        }
        if (request.status === 'failed') {
          throw new Error(`Provisioning ${describe} failed: ${request.statusMessage}`);
        }
        ctx.logger.info(
          request.status === 'completed'
            ? `${describe} is ready; its owners reveal the credentials on its page in the portal.`
            : `${describe} is still being provisioned (${request.statusMessage ?? request.status}); follow it at /databases/requests/${request.id}.`,
        );
      }
      ctx.output('requestId', request.id);
      ctx.output('status', request.status);
      ctx.output('entityRef', request.databaseEntityRef);
      ctx.output('monthlyCostUsd', request.monthlyCostUsd);
      ctx.output('requestUrl', `/databases/requests/${request.id}`);
    },
  });
}
