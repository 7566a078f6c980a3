import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogIngestionManagePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  taskCancelPermission,
  taskReadPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { DatabaseRules } from './rules/databaseRules';
import { DEVEX_ADMIN_ONLY_PERMISSIONS } from './rules/devexRules';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * Names of permissions that change shared state that nobody in particular owns
 * (catalog locations, ingestion, template management, the Kubernetes proxy), and
 * who wrote a DevEx survey comment.
 * Only platform admins may use them.
 */
const ADMIN_ONLY_PERMISSIONS = new Set([
  catalogLocationDeletePermission.name,
  catalogIngestionManagePermission.name,
  templateManagementPermission.name,
  'kubernetes.proxy',
  ...DEVEX_ADMIN_ONLY_PERMISSIONS,
]);

/**
 * Permissions that declare no action but only inspect or run what a user may
 * already use: validating an entity, analyzing a location before import, running
 * a template's actions, and the template editor's dry run.
 */
const USE_PERMISSIONS = new Set([
  'catalog.entity.validate',
  'catalog.location.analyze',
  'scaffolder.action.execute',
  'scaffolder.template.dry-run',
]);

/**
 * The portal's policy, in order:
 * 1. platform admins (members of `portal.permissions.adminGroups`) may do anything;
 * 2. everyone signed in may read, create, and use templates and imports;
 * 3. catalog entities are deleted only by their owners;
 * 4. scaffolder tasks (whose logs may carry details of a run) are read and
 *    cancelled only by whoever started them;
 * 5. any other change is refused, so a new plugin's mutations are closed until
 *    this policy says who owns them.
 */
export class OwnershipPermissionPolicy implements PermissionPolicy {
  private constructor(
    private readonly adminGroups: ReadonlySet<string>,
    private readonly databaseRules: DatabaseRules,
  ) {}

  static fromConfig(config: Config): OwnershipPermissionPolicy {
    const groups =
      config.getOptionalStringArray('portal.permissions.adminGroups') ?? [];
    return new OwnershipPermissionPolicy(
      new Set(groups.map(ref => ref.toLocaleLowerCase('en-US'))),
      DatabaseRules.fromConfig(config),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // Service-to-service calls are authorized before the policy is asked, so a
    // query without a user is one we have no basis to allow.
    if (!user) {
      return DENY;
    }
    const claims = user.info.ownershipEntityRefs;
    if (this.isAdmin(claims)) {
      return ALLOW;
    }

    const { permission } = request;
    if (ADMIN_ONLY_PERMISSIONS.has(permission.name)) {
      return DENY;
    }
    const databaseDecision = this.databaseRules.decide(permission, claims);
    if (databaseDecision) {
      return databaseDecision;
    }
    if (isPermission(permission, catalogEntityDeletePermission)) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    if (
      isPermission(permission, taskReadPermission) ||
      isPermission(permission, taskCancelPermission)
    ) {
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({
          createdBy: [user.info.userEntityRef],
        }),
      );
    }

    const action = permission.attributes.action;
    if (
      action === 'read' ||
      action === 'create' ||
      USE_PERMISSIONS.has(permission.name)
    ) {
      return ALLOW;
    }
    // Catalog refresh only re-reads an entity's source; it changes nothing.
    if (
      action === 'update' &&
      isResourcePermission(permission, 'catalog-entity')
    ) {
      return ALLOW;
    }
    return DENY;
  }

  private isAdmin(claims: string[]): boolean {
    return claims.some(ref =>
      this.adminGroups.has(ref.toLocaleLowerCase('en-US')),
    );
  }
}
