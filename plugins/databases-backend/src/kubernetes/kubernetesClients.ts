import { Config } from '@backstage/config';
import type { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';

export type KubernetesClients = {
  core: CoreV1Api;
  custom: CustomObjectsApi;
  namespace: string;
};

/**
 * API clients for `databases.kubernetes`: an explicit API server URL and token, or the
 * in-cluster service account when no URL is given.
 */
export async function createKubernetesClients(
  config: Config,
): Promise<KubernetesClients> {
  // client-node 1.x is ESM-only. require() of ESM works on Node 22 and, unlike import(),
  // also under Jest (which transpiles node_modules to CommonJS); loaded lazily so portals
  // without Kubernetes never pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s: typeof import('@kubernetes/client-node') = require('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  const url = config.getOptionalString('url');
  if (url) {
    kc.loadFromClusterAndUser(
      {
        name: 'databases',
        server: url,
        caData: config.getOptionalString('caData'),
        skipTLSVerify: config.getOptionalBoolean('skipTLSVerify') ?? false,
      },
      { name: 'databases', token: config.getOptionalString('token') },
    );
  } else {
    kc.loadFromCluster();
  }
  return {
    core: kc.makeApiClient(k8s.CoreV1Api),
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
    namespace: config.getString('namespace'),
  };
}

/** The HTTP status of a client-node error (ApiException.code), if it has one. */
export function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Kubernetes object names: lowercase DNS labels. */
export function kubernetesName(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}
