import {
  DatabaseMeasurement,
  DatabaseProvisioner,
  portalMarker,
  ProvisioningRefusedError,
  ProvisionTarget,
  TargetUnavailableError,
} from '../provisioning/DatabaseProvisioner';
import {
  KubernetesClients,
  kubernetesName,
  statusOf,
} from './kubernetesClients';

const GROUP = 'postgresql.cnpg.io';
const VERSION = 'v1';
const MANAGED_BY = 'wayfarer-portal';

type ManagedRole = {
  name: string;
  ensure?: 'present' | 'absent';
  login?: boolean;
  inherit?: boolean;
  connectionLimit?: number;
  comment?: string;
  passwordSecret?: { name: string };
};

type ClusterObject = {
  metadata: { name: string; resourceVersion?: string };
  spec: { managed?: { roles?: ManagedRole[] } } & Record<string, unknown>;
  status?: { phase?: string };
};

/**
 * Provisions through CloudNativePG custom resources in a Kubernetes cluster: the role as an
 * entry of the `Cluster`'s `spec.managed.roles` with its password in a Secret (holding the
 * SCRAM verifier, which PostgreSQL stores as is), the database as a `Database` resource with
 * `databaseReclaimPolicy: delete`. The operator applies them; this class only writes the
 * desired state, idempotently, with optimistic concurrency on the Cluster.
 */
export class CloudNativePgProvisioner implements DatabaseProvisioner {
  readonly kind = 'kubernetes' as const;

  constructor(
    private readonly options: {
      clients: Promise<KubernetesClients>;
      environment: string;
      clusterName: string;
      publicHost?: string;
      publicPort?: number;
    },
  ) {}

  private get where() {
    return `the ${this.options.environment} CloudNativePG cluster ${this.options.clusterName}`;
  }

  async endpoint() {
    const { namespace } = await this.options.clients;
    return {
      host:
        this.options.publicHost ??
        `${this.options.clusterName}-rw.${namespace}.svc`,
      port: this.options.publicPort ?? 5432,
    };
  }

  async ensureRole(target: ProvisionTarget, verifier: string): Promise<void> {
    await this.putPasswordSecret(target, verifier);
    await this.updateRole(target, existing => {
      if (existing && existing.comment !== portalMarker(target.databaseId)) {
        throw new ProvisioningRefusedError(
          `A role named ${target.roleName} is already managed in ${this.where} and was not made by the portal for this database; choose another name.`,
        );
      }
      return {
        name: target.roleName,
        ensure: 'present',
        login: true,
        inherit: true,
        connectionLimit: target.connectionLimit,
        comment: portalMarker(target.databaseId),
        passwordSecret: { name: this.passwordSecretName(target) },
      };
    });
  }

  async ensureDatabase(target: ProvisionTarget): Promise<void> {
    const { custom, namespace } = await this.options.clients;
    const name = kubernetesName(target.databaseName);
    const body = {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'Database',
      metadata: {
        name,
        namespace,
        labels: { 'app.kubernetes.io/managed-by': MANAGED_BY },
        annotations: { 'wayfarer.example/database-id': target.databaseId },
      },
      spec: {
        name: target.databaseName,
        owner: target.roleName,
        cluster: { name: this.options.clusterName },
        ensure: 'present',
        databaseReclaimPolicy: 'delete',
        connectionLimit: target.connectionLimit,
      },
    };
    try {
      await this.call(() =>
        custom.createNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace,
          plural: 'databases',
          body,
        }),
      );
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
      const existing = await this.getDatabase(target);
      if (
        existing?.metadata?.annotations?.['wayfarer.example/database-id'] !==
        target.databaseId
      ) {
        throw new ProvisioningRefusedError(
          `A Database named ${name} already exists in ${this.where} and was not made by the portal for this request; choose another name.`,
        );
      }
    }
  }

  async restrictAccess(): Promise<void> {
    // CloudNativePG creates databases without CONNECT for PUBLIC being managed through the
    // Database resource; access is the Cluster's pg_hba and the database owner.
  }

  async setPassword(target: ProvisionTarget, verifier: string): Promise<void> {
    await this.putPasswordSecret(target, verifier);
  }

  async setConnectionLimit(target: ProvisionTarget): Promise<void> {
    await this.updateRole(target, existing => ({
      ...this.requireOurs(existing, target),
      connectionLimit: target.connectionLimit,
    }));
    await this.replaceDatabase(target, spec => ({
      ...spec,
      connectionLimit: target.connectionLimit,
    }));
  }

  async setLogin(target: ProvisionTarget, enabled: boolean): Promise<void> {
    await this.updateRole(target, existing => ({
      ...this.requireOurs(existing, target),
      login: enabled,
    }));
  }

  async dropDatabase(target: ProvisionTarget): Promise<void> {
    const existing = await this.getDatabase(target);
    if (!existing) return;
    if (
      existing.metadata?.annotations?.['wayfarer.example/database-id'] !==
      target.databaseId
    ) {
      return;
    }
    const { custom, namespace } = await this.options.clients;
    try {
      await this.call(() =>
        custom.deleteNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace,
          plural: 'databases',
          name: kubernetesName(target.databaseName),
        }),
      );
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  async dropRole(target: ProvisionTarget): Promise<void> {
    let ours = false;
    await this.updateRole(target, existing => {
      if (!existing || existing.comment !== portalMarker(target.databaseId))
        return existing;
      ours = true;
      return { ...existing, ensure: 'absent', login: false };
    });
    if (!ours) return;
    const { core, namespace } = await this.options.clients;
    try {
      await this.call(() =>
        core.deleteNamespacedSecret({
          name: this.passwordSecretName(target),
          namespace,
        }),
      );
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  async inspect(target: ProvisionTarget) {
    const cluster = await this.getCluster();
    const role = cluster.spec.managed?.roles?.find(
      r => r.name === target.roleName,
    );
    return {
      roleExists: Boolean(role && role.ensure !== 'absent'),
      databaseExists: Boolean(await this.getDatabase(target)),
    };
  }

  async measure(target: ProvisionTarget): Promise<DatabaseMeasurement> {
    try {
      const cluster = await this.getCluster();
      const database = await this.getDatabase(target);
      if (!database) {
        return {
          reachable: false,
          message: `The Database resource of ${target.databaseName} is missing in ${this.where}.`,
        };
      }
      const healthy = cluster.status?.phase === 'Cluster in healthy state';
      const applied = database.status?.applied === true;
      return healthy && applied
        ? { reachable: true }
        : {
            reachable: false,
            message: healthy
              ? `CloudNativePG has not applied ${target.databaseName} yet: ${
                  database.status?.message ?? 'no status'
                }.`
              : `${this.where} is not healthy (${
                  cluster.status?.phase ?? 'no status'
                }).`,
          };
    } catch (error) {
      return { reachable: false, message: (error as Error).message };
    }
  }

  async close(): Promise<void> {}

  private passwordSecretName(target: ProvisionTarget) {
    return `${kubernetesName(target.roleName)}-password`;
  }

  private requireOurs(
    existing: ManagedRole | undefined,
    target: ProvisionTarget,
  ): ManagedRole {
    if (!existing || existing.comment !== portalMarker(target.databaseId)) {
      throw new ProvisioningRefusedError(
        `The role ${target.roleName} is not managed by the portal in ${this.where}.`,
      );
    }
    return existing;
  }

  private async putPasswordSecret(target: ProvisionTarget, verifier: string) {
    const { core, namespace } = await this.options.clients;
    const name = this.passwordSecretName(target);
    const body = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/basic-auth',
      metadata: {
        name,
        namespace,
        labels: {
          'app.kubernetes.io/managed-by': MANAGED_BY,
          // CloudNativePG re-reads the secret when it changes.
          'cnpg.io/reload': 'true',
        },
      },
      data: {
        username: Buffer.from(target.roleName).toString('base64'),
        password: Buffer.from(verifier).toString('base64'),
      },
    };
    try {
      await this.call(() => core.createNamespacedSecret({ namespace, body }));
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
      await this.call(() =>
        core.replaceNamespacedSecret({ name, namespace, body }),
      );
    }
  }

  /** Read-modify-write of the Cluster's managed roles; retried when someone else wrote first. */
  private async updateRole(
    target: ProvisionTarget,
    change: (existing: ManagedRole | undefined) => ManagedRole | undefined,
  ) {
    const { custom, namespace } = await this.options.clients;
    for (let attempt = 0; ; attempt++) {
      const cluster = await this.getCluster();
      const roles = [...(cluster.spec.managed?.roles ?? [])];
      const index = roles.findIndex(r => r.name === target.roleName);
      const next = change(index >= 0 ? roles[index] : undefined);
      if (!next) return;
      if (index >= 0) roles[index] = next;
      else roles.push(next);
      const body = {
        ...cluster,
        spec: { ...cluster.spec, managed: { ...cluster.spec.managed, roles } },
      };
      try {
        await this.call(() =>
          custom.replaceNamespacedCustomObject({
            group: GROUP,
            version: VERSION,
            namespace,
            plural: 'clusters',
            name: this.options.clusterName,
            body,
          }),
        );
        return;
      } catch (error) {
        if (statusOf(error) !== 409 || attempt >= 4) throw error;
      }
    }
  }

  private async replaceDatabase(
    target: ProvisionTarget,
    change: (spec: Record<string, unknown>) => Record<string, unknown>,
  ) {
    const { custom, namespace } = await this.options.clients;
    const existing = await this.getDatabase(target);
    if (!existing) return;
    await this.call(() =>
      custom.replaceNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace,
        plural: 'databases',
        name: kubernetesName(target.databaseName),
        body: { ...existing, spec: change(existing.spec) },
      }),
    );
  }

  private async getCluster(): Promise<ClusterObject> {
    const { custom, namespace } = await this.options.clients;
    try {
      return await this.call(() =>
        custom.getNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace,
          plural: 'clusters',
          name: this.options.clusterName,
        }),
      );
    } catch (error) {
      if (statusOf(error) === 404) {
        throw new ProvisioningRefusedError(
          `There is no CloudNativePG Cluster ${this.options.clusterName} in namespace ${namespace}; check databases.targets.${this.options.environment}.clusterName.`,
        );
      }
      throw error;
    }
  }

  private async getDatabase(target: ProvisionTarget): Promise<any | undefined> {
    const { custom, namespace } = await this.options.clients;
    try {
      return await this.call(() =>
        custom.getNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace,
          plural: 'databases',
          name: kubernetesName(target.databaseName),
        }),
      );
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Maps transport and auth failures to the worker's retry/refuse errors; keeps API statuses. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const status = statusOf(error);
      if (status === 401 || status === 403) {
        throw new ProvisioningRefusedError(
          `The Kubernetes API refused the portal's service account (${status}) for ${this.where}; check its RBAC.`,
        );
      }
      if (status === undefined || status >= 500 || status === 429) {
        throw new TargetUnavailableError(
          `Cannot reach the Kubernetes API for ${this.where} (${
            status ?? (error as { code?: string }).code ?? 'network error'
          }).`,
        );
      }
      throw error;
    }
  }
}
