import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { UserInfoService, BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { Caller, DatabaseRequestService } from './DatabaseRequestService';

/**
 * The same operations as the HTTP API, as actions for automations and AI assistants (MCP).
 * Each goes through {@link DatabaseRequestService}, so policy, approvals and ownership
 * checks are the same as in the portal.
 */
export function registerDatabaseActions(options: {
  actionsRegistry: ActionsRegistryService;
  service: DatabaseRequestService;
  userInfo: UserInfoService;
}) {
  const { actionsRegistry, service, userInfo } = options;

  const caller = async (credentials: BackstageCredentials): Promise<Caller> => {
    if ((credentials.principal as { type?: string }).type !== 'user') {
      throw new NotAllowedError('Database actions act on behalf of a signed-in user.');
    }
    const info = await userInfo.getUserInfo(credentials);
    return {
      credentials,
      userEntityRef: info.userEntityRef,
      ownershipEntityRefs: info.ownershipEntityRefs,
    };
  };

  const requestInput = (z: any) =>
    z.object({
      component: z
        .string()
        .describe('Entity ref of the owning component, e.g. component:default/checkout-service'),
      name: z.string().describe('Database name: 3-40 lowercase letters, digits, underscores'),
      environment: z.enum(['development', 'staging', 'production']),
      size: z.enum(['small', 'medium', 'large']),
      region: z.string().optional(),
      backupRetentionDays: z.number().int().optional(),
      highAvailability: z.boolean().optional(),
      justification: z.string().optional().describe('Why, when the policy asks for an approval'),
    });

  const requestOutput = (z: any) =>
    z.object({
      requestId: z.string(),
      status: z.string(),
      decision: z.string(),
      reasons: z.array(z.string()),
      monthlyCostUsd: z.number(),
      databaseEntityRef: z.string(),
    });

  const summarize = (r: Awaited<ReturnType<DatabaseRequestService['submit']>>) => ({
    requestId: r.id,
    status: r.status,
    decision: r.verdict.decision,
    reasons: [...r.verdict.reasons, ...r.verdict.approvalReasons].map(x => x.message),
    monthlyCostUsd: r.monthlyCostUsd,
    databaseEntityRef: r.databaseEntityRef,
  });

  actionsRegistry.register({
    name: 'check-database-request',
    title: 'Check a database request against policy',
    description:
      'Dry run: says whether a PostgreSQL database request would be allowed, denied (with every reason) or need a platform-team approval. Changes nothing.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: requestInput,
      output: z =>
        z.object({
          decision: z.string(),
          reasons: z.array(z.string()),
          approvalReasons: z.array(z.string()),
          monthlyCostUsd: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      const verdict = await service.dryRun(await caller(credentials), input);
      return {
        output: {
          decision: verdict.decision,
          reasons: verdict.reasons.map(r => r.message),
          approvalReasons: verdict.approvalReasons.map(r => r.message),
          monthlyCostUsd: verdict.monthlyCostUsd,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'request-database',
    title: 'Request a PostgreSQL database',
    description:
      "Requests a database for a component the user's team owns. The policy decides: allowed requests are provisioned in seconds, risky ones wait for a platform-team approval, others are denied with reasons. Credentials are revealed only in the portal.",
    attributes: { destructive: false, idempotent: false },
    schema: { input: requestInput, output: requestOutput },
    action: async ({ input, credentials }) => ({
      output: summarize(await service.submit(await caller(credentials), input)),
    }),
  });

  actionsRegistry.register({
    name: 'get-database-request',
    title: 'Get a database request',
    description: 'The status of a database request: waiting for approval, provisioning, done, or why it failed.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({ requestId: z.string() }),
      output: z =>
        requestOutput(z).extend({ statusMessage: z.string().optional() }),
    },
    action: async ({ input, credentials }) => {
      const r = await service.getRequest(await caller(credentials), input.requestId);
      return { output: { ...summarize(r), statusMessage: r.statusMessage } };
    },
  });

  actionsRegistry.register({
    name: 'list-databases',
    title: 'List databases',
    description: 'Databases of a component or a team, with status, size class, monthly cost and health. No credentials.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          component: z.string().optional(),
          owner: z.string().optional().describe('Group ref, e.g. group:default/team-checkout'),
        }),
      output: z =>
        z.object({
          databases: z.array(
            z.object({
              id: z.string(),
              entityRef: z.string(),
              name: z.string(),
              environment: z.string(),
              size: z.string(),
              status: z.string(),
              monthlyCostUsd: z.number(),
              health: z.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const items = await service.listDatabases(await caller(credentials), input);
      return {
        output: {
          databases: items.map(d => ({
            id: d.id,
            entityRef: d.entityRef,
            name: d.spec.name,
            environment: d.spec.environment,
            size: d.spec.size,
            status: d.status,
            monthlyCostUsd: d.monthlyCostUsd,
            health: d.health?.state,
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'rotate-database-credentials',
    title: 'Rotate database credentials',
    description: "Issues a new password for a database the user's team owns; the old one stops working.",
    attributes: { destructive: true, idempotent: false },
    schema: {
      input: z => z.object({ databaseId: z.string() }),
      output: z => z.object({ status: z.string(), pendingRequestId: z.string().optional() }),
    },
    action: async ({ input, credentials }) => {
      const d = await service.rotate(await caller(credentials), input.databaseId);
      return { output: { status: d.status, pendingRequestId: d.pendingRequestId } };
    },
  });

  actionsRegistry.register({
    name: 'resize-database',
    title: 'Resize a database',
    description: 'Moves a database to another size class, re-checked by the policy (it may need an approval).',
    attributes: { destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          databaseId: z.string(),
          size: z.enum(['small', 'medium', 'large']),
          justification: z.string().optional(),
        }),
      output: requestOutput,
    },
    action: async ({ input, credentials }) => {
      const { databaseId, ...body } = input;
      return {
        output: summarize(await service.resize(await caller(credentials), databaseId, body)),
      };
    },
  });

  actionsRegistry.register({
    name: 'decommission-database',
    title: 'Decommission a database',
    description:
      'Disables a database now and drops it after the grace period, unless restored. Confirm with its name.',
    attributes: { destructive: true, idempotent: false },
    schema: {
      input: z => z.object({ databaseId: z.string(), confirmName: z.string() }),
      output: z => z.object({ status: z.string(), dropAfter: z.string().optional() }),
    },
    action: async ({ input, credentials }) => {
      const d = await service.decommission(await caller(credentials), input.databaseId, {
        confirmName: input.confirmName,
      });
      return { output: { status: d.status, dropAfter: d.dropAfter } };
    },
  });
}
