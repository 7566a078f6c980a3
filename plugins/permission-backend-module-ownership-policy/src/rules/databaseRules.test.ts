import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  databaseCredentialsReadPermission,
  databaseDecommissionPermission,
  databaseRequestCreatePermission,
  databaseRequestDecidePermission,
  databaseRotatePermission,
} from '@internal/plugin-databases-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { OwnershipPermissionPolicy } from '../OwnershipPermissionPolicy';

const policy = OwnershipPermissionPolicy.fromConfig(
  mockServices.rootConfig({
    data: {
      portal: { permissions: { adminGroups: ['group:default/platform-admins'] } },
      databases: { approval: { groups: ['group:default/platform-team'] } },
    },
  }),
);

function user(name: string, ...groups: string[]): PolicyQueryUser {
  const userEntityRef = `user:default/${name}`;
  return {
    info: { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groups] },
    credentials: {} as any,
  } as PolicyQueryUser;
}

describe('database rules of the ownership policy', () => {
  const developer = user('guest', 'group:default/team-checkout');
  const platformEngineer = user('kwame', 'group:default/platform-team');

  it('lets every signed-in user request a database', async () => {
    await expect(
      policy.handle({ permission: databaseRequestCreatePermission }, developer),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets only platform-team members decide on requests', async () => {
    await expect(
      policy.handle({ permission: databaseRequestDecidePermission }, developer),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policy.handle({ permission: databaseRequestDecidePermission }, platformEngineer),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it("leaves a database's credentials and day-2 operations to its owners", async () => {
    for (const permission of [
      databaseCredentialsReadPermission,
      databaseRotatePermission,
      databaseDecommissionPermission,
    ]) {
      await expect(policy.handle({ permission }, developer)).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'databases',
        resourceType: 'databases-database',
        conditions: {
          rule: 'IS_DATABASE_OWNER',
          resourceType: 'databases-database',
          params: {
            claims: ['user:default/guest', 'group:default/team-checkout'],
          },
        },
      });
    }
  });
});
