import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** Resource type of a provisioned database, for owner-conditional decisions. */
export const DATABASE_RESOURCE_TYPE = 'databases-database';

/** Rule the databases backend registers: the database's owner is one of `claims`. */
export const IS_DATABASE_OWNER_RULE = 'IS_DATABASE_OWNER';

/** Ask for a database (also through the scaffolder action and the MCP action). */
export const databaseRequestCreatePermission = createPermission({
  name: 'databases.request.create',
  attributes: { action: 'create' },
});

/** Approve or reject a request that waits for a person (never one's own). */
export const databaseRequestDecidePermission = createPermission({
  name: 'databases.request.decide',
  attributes: { action: 'update' },
});

/** Reveal a database's credentials (members of the owning team only). */
export const databaseCredentialsReadPermission = createPermission({
  name: 'databases.database.credentials.read',
  attributes: {},
  resourceType: DATABASE_RESOURCE_TYPE,
});

export const databaseRotatePermission = createPermission({
  name: 'databases.database.rotate',
  attributes: { action: 'update' },
  resourceType: DATABASE_RESOURCE_TYPE,
});

export const databaseResizePermission = createPermission({
  name: 'databases.database.resize',
  attributes: { action: 'update' },
  resourceType: DATABASE_RESOURCE_TYPE,
});

/** Decommission, and restore during the grace period. */
export const databaseDecommissionPermission = createPermission({
  name: 'databases.database.decommission',
  attributes: { action: 'delete' },
  resourceType: DATABASE_RESOURCE_TYPE,
});

export const databasesPermissions = [
  databaseRequestCreatePermission,
  databaseRequestDecidePermission,
  databaseCredentialsReadPermission,
  databaseRotatePermission,
  databaseResizePermission,
  databaseDecommissionPermission,
];

/** The owner-only decision a permission policy returns for a database permission. */
export function createDatabaseOwnerDecision(
  permission: ResourcePermission<typeof DATABASE_RESOURCE_TYPE>,
  claims: string[],
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'databases',
    resourceType: permission.resourceType,
    conditions: {
      rule: IS_DATABASE_OWNER_RULE,
      resourceType: permission.resourceType,
      params: { claims },
    },
  };
}
