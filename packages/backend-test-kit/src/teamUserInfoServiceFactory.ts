import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

/**
 * User info as the catalog would give it: each user owns what their teams own.
 * `teams` maps a user entity ref to the group refs it belongs to.
 */
export function teamUserInfoServiceFactory(teams: Record<string, string[]>) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: BackstageCredentials) {
        const { userEntityRef } =
          credentials.principal as BackstageUserPrincipal;
        return {
          userEntityRef,
          ownershipEntityRefs: [userEntityRef, ...(teams[userEntityRef] ?? [])],
        };
      },
    }),
  });
}
