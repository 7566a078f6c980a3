import { ReactNode, useMemo } from 'react';
import { ApiProvider } from '@backstage/core-app-api';
import {
  ApiHolder,
  ApiRef,
  BackstageIdentityApi,
  BackstageIdentityResponse,
  configApiRef,
  createApiRef,
  discoveryApiRef,
  ProfileInfo,
  ProfileInfoApi,
  SessionApi,
  SessionState,
  useApi,
  useApiHolder,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { SignInProviderConfig } from '@backstage/core-components';

type DemoUser = { userEntityRef: string; title: string; description?: string };
type DemoAuthApi = ProfileInfoApi & BackstageIdentityApi & SessionApi;

/**
 * Signs in as one demo user through the backend's development-only `demo` provider
 * (plugins/auth-backend-module-demo-users-provider), which refuses to run in production.
 * Stateless like the guest provider: each refresh asks the backend again.
 */
class DemoUserAuth implements DemoAuthApi {
  private session?: { profile: ProfileInfo; identity: BackstageIdentityResponse };

  constructor(
    private readonly discovery: { getBaseUrl(pluginId: string): Promise<string> },
    private readonly userEntityRef: string,
  ) {}

  private async getSession(options?: { optional?: boolean }) {
    const expiresAt = this.session?.identity.expiresAt;
    if (this.session && (!expiresAt || expiresAt.getTime() - Date.now() > 60_000)) {
      return this.session;
    }
    const baseUrl = await this.discovery.getBaseUrl('auth');
    const response = await fetch(
      `${baseUrl}/demo/refresh?user=${encodeURIComponent(this.userEntityRef)}`,
      { headers: { 'x-requested-with': 'XMLHttpRequest' }, credentials: 'include' },
    );
    if (!response.ok) {
      if (options?.optional) return undefined;
      throw await ResponseError.fromResponse(response);
    }
    const body = await response.json();
    const { token, identity, expiresInSeconds } = body.backstageIdentity;
    this.session = {
      profile: body.profile ?? {},
      identity: {
        token,
        identity,
        expiresAt: expiresInSeconds
          ? new Date(Date.now() + expiresInSeconds * 1000)
          : undefined,
      },
    };
    return this.session;
  }

  async getBackstageIdentity(options?: { optional?: boolean }) {
    return (await this.getSession(options))?.identity;
  }

  async getProfile(options?: { optional?: boolean }) {
    return (await this.getSession(options))?.profile;
  }

  async signIn() {
    await this.getSession();
  }

  async signOut() {
    this.session = undefined;
  }

  sessionState$(): any {
    const state = this.session ? SessionState.SignedIn : SessionState.SignedOut;
    const observable = {
      subscribe(observer: any) {
        const next = typeof observer === 'function' ? observer : observer?.next;
        next?.(state);
        return { closed: false, unsubscribe() {} };
      },
      [Symbol.observable ?? '@@observable']() {
        return observable;
      },
    };
    return observable;
  }
}

/**
 * Sign-in cards for the demo users listed in `portal.signIn.demoUsers` (development and the
 * browser tests): returns the SignInPage provider entries and a wrapper that makes their
 * APIs available to the sign-in page.
 */
export function useDemoUserProviders(enabled: boolean): {
  providers: SignInProviderConfig[];
  wrap: (children: ReactNode) => ReactNode;
} {
  const config = useApi(configApiRef);
  const discovery = useApi(discoveryApiRef);
  const parent = useApiHolder();
  return useMemo(() => {
    const users: DemoUser[] = enabled
      ? (config.getOptionalConfigArray('portal.signIn.demoUsers') ?? []).map(c => ({
          userEntityRef: c.getString('userEntityRef'),
          title: c.getString('title'),
          description: c.getOptionalString('description'),
        }))
      : [];
    const apis = new Map<string, DemoAuthApi>();
    const providers = users.map(user => {
      const id = `demo-${user.userEntityRef.replace(/[^a-z0-9]+/gi, '-')}`;
      const apiRef = createApiRef<DemoAuthApi>({ id: `portal.auth.${id}` });
      apis.set(apiRef.id, new DemoUserAuth(discovery, user.userEntityRef));
      return {
        id,
        title: user.title,
        message: user.description ?? `Sign in as ${user.userEntityRef} (development only)`,
        apiRef,
      };
    });
    const holder: ApiHolder = {
      get<T>(ref: ApiRef<T>) {
        return (apis.get(ref.id) as T | undefined) ?? parent.get(ref);
      },
    };
    return {
      providers,
      wrap: children =>
        providers.length ? <ApiProvider apis={holder}>{children}</ApiProvider> : children,
    };
  }, [enabled, config, discovery, parent]);
}
