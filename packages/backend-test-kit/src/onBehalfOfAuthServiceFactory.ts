import {
  AuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

const SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * The mock auth service of backend-test-utils drops the acting plugin when a
 * plugin calls another on a user's behalf, so the permission backend takes such
 * calls for direct user requests and refuses resource checks without a
 * resourceRef (the catalog's list filtering). Production auth keeps the actor;
 * this factory does the same so real permission evaluation can run in tests.
 */
const onBehalfOfAuthServiceFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    return {
      ...bindAll(inner),
      async authenticate(token, options) {
        if (token.startsWith(SERVICE_TOKEN_PREFIX)) {
          const { obo, target } = JSON.parse(
            token.slice(SERVICE_TOKEN_PREFIX.length),
          );
          if (obo && (!target || target === plugin.getId())) {
            return mockCredentials.user(obo, {
              actor: { subject: 'plugin:on-behalf-of' },
            }) as any;
          }
        }
        return inner.authenticate(token, options);
      },
    } as AuthService;
  },
});

function bindAll(service: AuthService): AuthService {
  return {
    authenticate: service.authenticate.bind(service),
    getNoneCredentials: service.getNoneCredentials.bind(service),
    getOwnServiceCredentials: service.getOwnServiceCredentials.bind(service),
    isPrincipal: service.isPrincipal.bind(service) as AuthService['isPrincipal'],
    getPluginRequestToken: service.getPluginRequestToken.bind(service),
    getLimitedUserToken: service.getLimitedUserToken.bind(service),
    listPublicServiceKeys: service.listPublicServiceKeys.bind(service),
  };
}

/**
 * Auth for test backends that run the real permission backend: the auth service
 * above plus the production HTTP auth service, which (unlike the mock) asks the
 * auth service to authenticate each request.
 */
export const onBehalfOfAuthServiceFactories = [
  onBehalfOfAuthServiceFactory,
  httpAuthServiceFactory,
];
