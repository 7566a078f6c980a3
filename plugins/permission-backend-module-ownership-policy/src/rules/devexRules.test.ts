import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  devexFeedbackCreatePermission,
  devexMetricsReadPermission,
  devexSurveyCommentAuthorsReadPermission,
} from '@internal/plugin-devex-common';
import { OwnershipPermissionPolicy } from '../OwnershipPermissionPolicy';

const policy = OwnershipPermissionPolicy.fromConfig(
  mockServices.rootConfig({
    data: { portal: { permissions: { adminGroups: ['group:default/platform-admins'] } } },
  }),
);

function user(...groups: string[]): PolicyQueryUser {
  return {
    info: { userEntityRef: 'user:default/alice', ownershipEntityRefs: ['user:default/alice', ...groups] },
    credentials: {} as any,
  } as PolicyQueryUser;
}

describe('DevEx rules of the ownership policy', () => {
  it('lets every signed-in user read dashboards and answer surveys', async () => {
    for (const permission of [devexMetricsReadPermission, devexFeedbackCreatePermission]) {
      await expect(policy.handle({ permission }, user('group:default/team-checkout'))).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('shows who wrote a survey comment only to platform admins, even though it is a read', async () => {
    const permission = devexSurveyCommentAuthorsReadPermission;
    await expect(policy.handle({ permission }, user('group:default/platform-team'))).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(policy.handle({ permission }, user('group:default/platform-admins'))).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
