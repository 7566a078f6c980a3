import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import type { IdentityProviders } from '@backstage/core-components';
import { useDemoUserProviders } from './demoUsers';

const GITHUB_PROVIDER = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your company GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * The sign-in page offers the providers listed in `portal.signIn.providers`:
 * guest in local development, GitHub in production. Which one is right depends on
 * the deployment, so it is configuration rather than code.
 */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { SignInPage } = await import('@backstage/core-components');
      return function PortalSignInPage(props: SignInPageProps) {
        const config = useApi(configApiRef);
        const configured = config.getOptionalStringArray(
          'portal.signIn.providers',
        ) ?? ['guest'];
        // 'demo' adds a card per demo user (local development and browser tests only).
        const demo = useDemoUserProviders(configured.includes('demo'));
        const providers: IdentityProviders = configured.flatMap(
          (name): IdentityProviders =>
            name === 'github'
              ? [GITHUB_PROVIDER]
              : name === 'demo'
              ? demo.providers
              : ['guest'],
        );
        return <>{demo.wrap(<SignInPage {...props} providers={providers} />)}</>;
      };
    },
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
