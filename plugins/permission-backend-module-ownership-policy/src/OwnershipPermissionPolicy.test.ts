import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { OwnershipPermissionPolicy } from './OwnershipPermissionPolicy';

const policy = OwnershipPermissionPolicy.fromConfig(
  mockServices.rootConfig({
    data: {
      portal: {
        permissions: { adminGroups: ['group:default/Platform-Admins'] },
      },
    },
  }),
);

function user(...groups: string[]): PolicyQueryUser {
  const userEntityRef = 'user:default/alice';
  return {
    info: {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...groups],
    },
    credentials: {} as any,
  } as PolicyQueryUser;
}

describe('OwnershipPermissionPolicy', () => {
  const developer = user('group:default/team-payments');
  const admin = user('group:default/platform-admins');

  it('lets every signed-in user read the catalog and register locations', async () => {
    for (const permission of [
      catalogEntityReadPermission,
      catalogLocationCreatePermission,
      taskCreatePermission,
      actionExecutePermission,
    ]) {
      await expect(policy.handle({ permission }, developer)).resolves.toEqual(
        { result: AuthorizeResult.ALLOW },
      );
    }
  });

  it('lets anyone refresh an entity, which only re-reads its source', async () => {
    await expect(
      policy.handle({ permission: catalogEntityRefreshPermission }, developer),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets only the owning teams delete an entity', async () => {
    const decision = await policy.handle(
      { permission: catalogEntityDeletePermission },
      developer,
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/alice', 'group:default/team-payments'],
        },
      },
    });
  });

  it('lets only the creator of a scaffolder task cancel it', async () => {
    const decision = await policy.handle(
      { permission: taskCancelPermission },
      developer,
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        rule: 'IS_TASK_OWNER',
        params: { createdBy: ['user:default/alice'] },
      },
    });
  });

  it('keeps shared, unowned changes for platform admins', async () => {
    for (const permission of [
      catalogLocationDeletePermission,
      templateManagementPermission,
    ]) {
      await expect(policy.handle({ permission }, developer)).resolves.toEqual(
        { result: AuthorizeResult.DENY },
      );
      await expect(policy.handle({ permission }, admin)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('matches admin groups regardless of letter case', async () => {
    await expect(
      policy.handle({ permission: catalogEntityDeletePermission }, admin),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('refuses changes nobody has claimed, and queries without a user', async () => {
    const unknownUpdate = createPermission({
      name: 'someplugin.thing.update',
      attributes: { action: 'update' },
    });
    await expect(
      policy.handle({ permission: unknownUpdate }, developer),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policy.handle({ permission: catalogEntityReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });
});
