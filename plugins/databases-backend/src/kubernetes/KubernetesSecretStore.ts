import {
  DatabaseSecret,
  DatabaseSecretStore,
} from '../secrets/DatabaseSecretStore';
import {
  KubernetesClients,
  kubernetesName,
  statusOf,
} from './kubernetesClients';

const MANAGED_BY = 'wayfarer-portal';

/**
 * Credentials as one Kubernetes Secret per ref (`kubernetes.io/basic-auth`), in the
 * configured namespace, so workloads can mount them directly. Encryption at rest is the
 * cluster's (etcd encryption); access is the cluster's RBAC.
 */
export class KubernetesSecretStore implements DatabaseSecretStore {
  constructor(private readonly clients: Promise<KubernetesClients>) {}

  static secretName(ref: string): string {
    return `db-${kubernetesName(ref.replace(/\//g, '-'))}`.slice(0, 253);
  }

  async get(ref: string): Promise<DatabaseSecret | undefined> {
    const { core, namespace } = await this.clients;
    try {
      const secret = await core.readNamespacedSecret({
        name: KubernetesSecretStore.secretName(ref),
        namespace,
      });
      const data = secret.data ?? {};
      if (!data.username || !data.password) return undefined;
      return {
        username: Buffer.from(data.username, 'base64').toString('utf8'),
        password: Buffer.from(data.password, 'base64').toString('utf8'),
      };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async put(ref: string, secret: DatabaseSecret): Promise<void> {
    const { core, namespace } = await this.clients;
    const name = KubernetesSecretStore.secretName(ref);
    const body = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/basic-auth',
      metadata: {
        name,
        namespace,
        labels: { 'app.kubernetes.io/managed-by': MANAGED_BY },
        annotations: { 'wayfarer.example/secret-ref': ref },
      },
      data: {
        username: Buffer.from(secret.username).toString('base64'),
        password: Buffer.from(secret.password).toString('base64'),
      },
    };
    try {
      await core.createNamespacedSecret({ namespace, body });
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
      await core.replaceNamespacedSecret({ name, namespace, body });
    }
  }

  async delete(ref: string): Promise<void> {
    const { core, namespace } = await this.clients;
    try {
      await core.deleteNamespacedSecret({
        name: KubernetesSecretStore.secretName(ref),
        namespace,
      });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }
}
