import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createDatabaseOwnerDecision,
  DATABASE_RESOURCE_TYPE,
  databaseRequestDecidePermission,
} from '@internal/plugin-databases-common';

/**
 * Who may do what with databases on request (plugins/databases-backend):
 * - approve or reject a request that waits for a person: members of the approver groups
 *   (`databases.approval.groups`, default the platform team). The databases service also
 *   refuses anyone deciding on their own request, whatever this says.
 * - reveal credentials, rotate, resize, decommission or restore a database: its owners.
 * Requesting a database is a `create`, which everyone signed in may do (for their own
 * team's components, which the service checks).
 */
export class DatabaseRules {
  private constructor(private readonly approverGroups: ReadonlySet<string>) {}

  static fromConfig(config: Config): DatabaseRules {
    const groups = config.getOptionalStringArray('databases.approval.groups') ?? [
      'group:default/platform-team',
    ];
    return new DatabaseRules(
      new Set(groups.map(ref => ref.toLocaleLowerCase('en-US'))),
    );
  }

  /** The decision for a databases permission, or undefined for any other permission. */
  decide(permission: Permission, claims: string[]): PolicyDecision | undefined {
    if (isPermission(permission, databaseRequestDecidePermission)) {
      const isApprover = claims.some(ref =>
        this.approverGroups.has(ref.toLocaleLowerCase('en-US')),
      );
      return { result: isApprover ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (isResourcePermission(permission, DATABASE_RESOURCE_TYPE)) {
      return createDatabaseOwnerDecision(permission, claims);
    }
    return undefined;
  }
}
