import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/**
 * Sign in as one of a few configured demo users, for local development and the browser
 * tests (a guest cannot approve a request; a platform-team member can). The user is named
 * in the refresh call (`?user=user:default/kwame-asante`) and must be on the configured
 * list; the token's ownership comes from the catalog like any other sign-in.
 *
 * Refused outright in production: with `auth.environment: production` and this provider
 * configured, the backend does not start.
 */
export const authModuleDemoUsersProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-users-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        const demo = config.getOptionalConfig('auth.providers.demo');
        if (!demo) return;
        if (config.getOptionalString('auth.environment') === 'production') {
          throw new Error(
            'Demo-user sign-in (auth.providers.demo) lets anyone sign in as anyone and must never run in production; remove it from the production configuration.',
          );
        }
        const allowed = new Set(
          demo
            .getStringArray('users')
            .map(ref => stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'user' }))),
        );
        logger.warn(
          `Demo-user sign-in is enabled for ${[...allowed].join(', ')}; for local development only.`,
        );
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async (result: { userEntityRef: string }) => ({
                profile: { displayName: parseEntityRef(result.userEntityRef).name },
              }),
              initialize: () => undefined,
              async authenticate({ req }) {
                const user = req.query.user;
                if (typeof user !== 'string' || !user) {
                  throw new InputError('Name the demo user to sign in as (?user=).');
                }
                let ref: string;
                try {
                  ref = stringifyEntityRef(parseEntityRef(user, { defaultKind: 'user' }));
                } catch {
                  throw new InputError(`${user} is not a user entity reference.`);
                }
                if (!allowed.has(ref)) {
                  throw new NotAllowedError(`${ref} is not one of the configured demo users.`);
                }
                return { result: { userEntityRef: ref } };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.userEntityRef }),
          }),
        });
      },
    });
  },
});
