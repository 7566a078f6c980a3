import { ConfigReader } from '@backstage/config';
import { FakeKubernetesApi } from '../testing/fakeKubernetesApi';
import {
  portalMarker,
  ProvisioningRefusedError,
} from '../provisioning/DatabaseProvisioner';
import {
  scramSha256Verifier,
  scramVerifierMatches,
} from '../provisioning/scram';
import { CloudNativePgProvisioner } from './CloudNativePgProvisioner';
import { createKubernetesClients } from './kubernetesClients';
import { KubernetesSecretStore } from './KubernetesSecretStore';

// Against an HTTP fake of the Kubernetes API (see testing/fakeKubernetesApi.ts): no cluster
// or CloudNativePG operator runs on these machines.
const fake = new FakeKubernetesApi();
let url: string;

beforeAll(async () => {
  url = await fake.start();
  // The first client pulls in (and Jest transpiles) all of client-node: seconds on a busy box.
  await clients();
}, 60_000);
afterAll(() => fake.stop());

function clients(token = fake.token) {
  // client-node only speaks plain HTTP (the fake) when TLS verification is switched off.
  return createKubernetesClients(
    new ConfigReader({
      url,
      token,
      namespace: 'databases',
      skipTLSVerify: true,
    }),
  );
}

const target = {
  databaseId: '7b0f3a3c-0000-4000-8000-000000000001',
  roleName: 'orders_prd_owner',
  databaseName: 'orders_prd',
  connectionLimit: 20,
};

describe('CloudNativePgProvisioner', () => {
  it('writes the role, its password verifier and the Database once, however often it runs', async () => {
    fake.seedCluster('databases', 'main');
    const provisioner = new CloudNativePgProvisioner({
      clients: clients(),
      environment: 'production',
      clusterName: 'main',
    });
    const verifier = scramSha256Verifier('s3cret-password');
    // Someone else writes the Cluster between our read and write once: we retry.
    fake.conflictOnce.add(
      '/apis/postgresql.cnpg.io/v1/namespaces/databases/clusters/main',
    );
    await provisioner.ensureRole(target, verifier);
    await provisioner.ensureRole(target, verifier);
    await provisioner.ensureDatabase(target);
    await provisioner.ensureDatabase(target);

    const cluster = fake.get(
      'postgresql.cnpg.io',
      'clusters',
      'databases',
      'main',
    );
    expect(cluster.spec.managed.roles).toEqual([
      {
        name: 'orders_prd_owner',
        ensure: 'present',
        login: true,
        inherit: true,
        connectionLimit: 20,
        comment: portalMarker(target.databaseId),
        passwordSecret: { name: 'orders-prd-owner-password' },
      },
    ]);
    const secret = fake.get(
      'core',
      'secrets',
      'databases',
      'orders-prd-owner-password',
    );
    const stored = Buffer.from(secret.data.password, 'base64').toString();
    // The cluster gets the SCRAM verifier, never the password.
    expect(stored).toBe(verifier);
    expect(scramVerifierMatches(stored, 's3cret-password')).toBe(true);
    expect(
      fake.get('postgresql.cnpg.io', 'databases', 'databases', 'orders-prd')
        .spec,
    ).toEqual({
      name: 'orders_prd',
      owner: 'orders_prd_owner',
      cluster: { name: 'main' },
      ensure: 'present',
      databaseReclaimPolicy: 'delete',
      connectionLimit: 20,
    });
    expect(await provisioner.measure(target)).toEqual({ reachable: true });
    expect(await provisioner.inspect(target)).toEqual({
      roleExists: true,
      databaseExists: true,
    });

    await provisioner.setConnectionLimit({ ...target, connectionLimit: 60 });
    await provisioner.setLogin(target, false);
    expect(
      fake.get('postgresql.cnpg.io', 'clusters', 'databases', 'main').spec
        .managed.roles[0],
    ).toMatchObject({ connectionLimit: 60, login: false });

    await provisioner.dropDatabase(target);
    await provisioner.dropRole(target);
    await provisioner.dropDatabase(target);
    await provisioner.dropRole(target);
    expect(
      fake.get('postgresql.cnpg.io', 'databases', 'databases', 'orders-prd'),
    ).toBeUndefined();
    expect(
      fake.get('core', 'secrets', 'databases', 'orders-prd-owner-password'),
    ).toBeUndefined();
    expect(await provisioner.inspect(target)).toEqual({
      roleExists: false,
      databaseExists: false,
    });
  });

  it('never adopts a Database or role it did not make', async () => {
    fake.seedCluster('databases', 'shared');
    const provisioner = new CloudNativePgProvisioner({
      clients: clients(),
      environment: 'production',
      clusterName: 'shared',
    });
    const other = {
      ...target,
      databaseId: '7b0f3a3c-0000-4000-8000-000000000002',
      databaseName: 'billing_prd',
      roleName: 'billing_prd_owner',
    };
    await provisioner.ensureRole(other, scramSha256Verifier('x'));
    await provisioner.ensureDatabase(other);
    const intruder = {
      ...other,
      databaseId: '7b0f3a3c-0000-4000-8000-000000000003',
    };
    await expect(
      provisioner.ensureRole(intruder, scramSha256Verifier('y')),
    ).rejects.toThrow(ProvisioningRefusedError);
    await expect(provisioner.ensureDatabase(intruder)).rejects.toThrow(
      /was not made by the portal/,
    );
    await provisioner.dropDatabase(intruder);
    expect(
      fake.get('postgresql.cnpg.io', 'databases', 'databases', 'billing-prd'),
    ).toBeDefined();
  });

  it('explains a missing Cluster and a refused service account', async () => {
    const missing = new CloudNativePgProvisioner({
      clients: clients(),
      environment: 'staging',
      clusterName: 'nope',
    });
    await expect(missing.ensureRole(target, 'v')).rejects.toThrow(
      'There is no CloudNativePG Cluster nope in namespace databases; check databases.targets.staging.clusterName.',
    );
    const unauthorized = new CloudNativePgProvisioner({
      clients: clients('wrong-token'),
      environment: 'staging',
      clusterName: 'main',
    });
    await expect(unauthorized.ensureDatabase(target)).rejects.toThrow(
      /refused the portal's service account \(401\)/,
    );
  });
});

describe('KubernetesSecretStore', () => {
  it('keeps credentials in a basic-auth Secret: create, replace, read, delete', async () => {
    const store = new KubernetesSecretStore(clients());
    expect(await store.get('database/abc')).toBeUndefined();
    await store.put('database/abc', {
      username: 'orders_dev_owner',
      password: 'one',
    });
    await store.put('database/abc', {
      username: 'orders_dev_owner',
      password: 'two',
    });
    expect(await store.get('database/abc')).toEqual({
      username: 'orders_dev_owner',
      password: 'two',
    });
    expect(
      fake.get('core', 'secrets', 'databases', 'db-database-abc'),
    ).toMatchObject({
      type: 'kubernetes.io/basic-auth',
      metadata: {
        labels: { 'app.kubernetes.io/managed-by': 'wayfarer-portal' },
      },
    });
    await store.delete('database/abc');
    await store.delete('database/abc');
    expect(await store.get('database/abc')).toBeUndefined();
  });
});
