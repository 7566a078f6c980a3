/*
 * Static checks of the Kubernetes manifests in deploy/kubernetes: there is no cluster
 * here, so every object is validated against the Kubernetes API schema of its kind
 * (kubernetes-models, generated from the Kubernetes OpenAPI spec), and the properties
 * a multi-replica portal depends on are asserted across objects. When kubectl is on
 * PATH, the example overlay is also rendered with its built-in Kustomize and the
 * rendered objects are checked the same way.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { ConfigReader } from '@backstage/config';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const DEPLOY_DIR = path.join(REPO_ROOT, 'deploy/kubernetes');
const KUSTOMIZATION_DIRS = ['base', 'postgres', 'overlays/example'];
const HEALTH_READINESS = '/.backstage/health/v1/readiness';
const HEALTH_LIVENESS = '/.backstage/health/v1/liveness';
const POSTGRES_VARS = [
  'POSTGRES_HOST',
  'POSTGRES_PORT',
  'POSTGRES_USER',
  'POSTGRES_PASSWORD',
];
const AUTH_VARS = [
  'AUTH_GITHUB_CLIENT_ID',
  'AUTH_GITHUB_CLIENT_SECRET',
  'AUTH_OIDC_METADATA_URL',
  'AUTH_OIDC_CLIENT_ID',
  'AUTH_OIDC_CLIENT_SECRET',
];

type KubernetesModel = { validate(): void };
type ModelClass = new (data: any) => KubernetesModel;

/** The kinds the manifests may use; anything else fails the test. */
const MODELS: Record<string, ModelClass> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
};

interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  [field: string]: any;
}

interface LoadedObject {
  object: KubernetesObject;
  /** Where it came from, for failure messages. */
  source: string;
}

interface Generator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  files?: string[];
  literals?: string[];
  envs?: string[];
}

interface Kustomization {
  apiVersion: string;
  kind: string;
  namespace?: string;
  resources?: string[];
  images?: {
    name: string;
    newName?: string;
    newTag?: string;
    digest?: string;
  }[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  replacements?: {
    source: { kind: string; name: string; fieldPath: string };
    targets: { select: { kind: string; name: string }; fieldPaths: string[] }[];
  }[];
  patches?: unknown[];
}

function readKustomization(dir: string): Kustomization {
  const file = path.join(dir, 'kustomization.yaml');
  return yaml.load(fs.readFileSync(file, 'utf8')) as Kustomization;
}

function loadYamlDocuments(file: string): LoadedObject[] {
  const source = path.relative(REPO_ROOT, file);
  return yaml
    .loadAll(fs.readFileSync(file, 'utf8'))
    .filter(document => document !== null && document !== undefined)
    .map(document => ({ object: document as KubernetesObject, source }));
}

/** Parses KEY=value lines of a literal or an env file, as kustomize does. */
function parseKeyValues(lines: string[]): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of lines) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) {
      continue;
    }
    const separator = trimmed.indexOf('=');
    if (separator < 1) {
      throw new Error(`'${trimmed}' is not a KEY=value pair`);
    }
    entries[trimmed.slice(0, separator)] = trimmed.slice(separator + 1);
  }
  return entries;
}

/**
 * Real secrets stay out of git: a generator's env file is committed only as
 * `<file>.example`, which is what the test reads.
 */
function envFileOf(dir: string, envFile: string): string {
  const real = path.join(dir, envFile);
  const example = `${real}.example`;
  return fs.existsSync(example) ? example : real;
}

function generatedData(dir: string, generator: Generator) {
  const data: Record<string, string> = {};
  for (const file of generator.files ?? []) {
    data[path.basename(file)] = fs.readFileSync(path.join(dir, file), 'utf8');
  }
  Object.assign(data, parseKeyValues(generator.literals ?? []));
  for (const envFile of generator.envs ?? []) {
    const content = fs.readFileSync(envFileOf(dir, envFile), 'utf8');
    Object.assign(data, parseKeyValues(content.split('\n')));
  }
  return data;
}

/**
 * The objects a kustomization puts together before transformations: its resource
 * files, the kustomizations it includes, and its generated ConfigMaps and Secrets
 * (a generator with behavior merge adds its keys to the one it extends).
 */
function loadKustomizationObjects(dir: string): LoadedObject[] {
  const kustomization = readKustomization(dir);
  const objects: LoadedObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    const target = path.resolve(dir, resource);
    if (fs.statSync(target).isDirectory()) {
      objects.push(...loadKustomizationObjects(target));
    } else {
      objects.push(...loadYamlDocuments(target));
    }
  }
  const generators: [string, Generator[] | undefined][] = [
    ['ConfigMap', kustomization.configMapGenerator],
    ['Secret', kustomization.secretGenerator],
  ];
  const source = path.relative(REPO_ROOT, path.join(dir, 'kustomization.yaml'));
  for (const [kind, list] of generators) {
    for (const generator of list ?? []) {
      const data = generatedData(dir, generator);
      const existing = objects.find(
        ({ object }) =>
          object.kind === kind && object.metadata.name === generator.name,
      );
      if (generator.behavior === 'merge' || generator.behavior === 'replace') {
        if (!existing) {
          throw new Error(
            `${source}: ${kind} generator '${generator.name}' has behavior ${generator.behavior} but no ${kind} of that name is included`,
          );
        }
        existing.object.data =
          generator.behavior === 'merge'
            ? { ...existing.object.data, ...data }
            : data;
        continue;
      }
      objects.push({
        object: {
          apiVersion: 'v1',
          kind,
          metadata: { name: generator.name },
          // Secret data is base64 in the API; the generator's input is plain text.
          ...(kind === 'Secret' ? { stringData: data } : { data }),
        },
        source,
      });
    }
  }
  return objects;
}

function validateObject({ object, source }: LoadedObject) {
  const type = `${object.apiVersion}/${object.kind}`;
  const Model = MODELS[type];
  if (!Model) {
    throw new Error(
      `${source}: ${type} is not a kind these tests know; add its kubernetes-models class to MODELS`,
    );
  }
  if (!object.metadata?.name) {
    throw new Error(`${source}: ${type} has no metadata.name`);
  }
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(
      `${source}: ${type} '${object.metadata.name}' does not match the Kubernetes API schema: ${error}`,
    );
  }
}

function findObject<T>(
  objects: LoadedObject[],
  Model: ModelClass & { kind: string },
  name?: string,
): T {
  const matches = objects.filter(
    ({ object }) =>
      object.kind === Model.kind && (!name || object.metadata.name === name),
  );
  if (matches.length !== 1) {
    throw new Error(
      `expected one ${Model.kind}${name ? ` named ${name}` : ''}, found ${
        matches.length
      }`,
    );
  }
  return new Model(matches[0].object) as unknown as T;
}

function containerNamed(template: IPodTemplateSpec, name: string): IContainer {
  const container = template.spec?.containers.find(c => c.name === name);
  if (!container) {
    throw new Error(`pod template has no container named ${name}`);
  }
  return container;
}

/** True when the selector's labels are all on the pods (matchLabels selectors only). */
function selects(
  selector: Record<string, string> | undefined,
  podLabels: Record<string, string> | undefined,
) {
  const entries = Object.entries(selector ?? {});
  return (
    entries.length > 0 &&
    entries.every(([key, value]) => podLabels?.[key] === value)
  );
}

/** Whether a probe's or Service's port (name or number) is one the container exposes. */
function isContainerPort(container: IContainer, port: unknown) {
  return (container.ports ?? []).some(
    p => p.name === port || p.containerPort === port,
  );
}

/** ${VAR} references without a default (${VAR:-default}) in a config file. */
function requiredEnvVars(configText: string): string[] {
  const names = new Set<string>();
  // Commented-out examples are not read by the backend.
  const active = configText.replace(/^\s*#.*$/gm, '');
  for (const match of active.matchAll(
    /(?<!\$)\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(:-[^}]*)?\}/g,
  )) {
    if (!match[2]) {
      names.add(match[1]);
    }
  }
  return [...names].sort();
}

function secretKeyRefs(template: IPodTemplateSpec) {
  const refs: { name: string; key: string; optional: boolean }[] = [];
  const containers = [
    ...(template.spec?.initContainers ?? []),
    ...(template.spec?.containers ?? []),
  ];
  for (const container of containers) {
    for (const env of container.env ?? []) {
      const ref = env.valueFrom?.secretKeyRef;
      if (ref) {
        refs.push({
          name: ref.name!,
          key: ref.key,
          optional: ref.optional ?? false,
        });
      }
    }
  }
  return refs;
}

describe('Kubernetes manifests in deploy/kubernetes', () => {
  describe.each(KUSTOMIZATION_DIRS)('kustomization %s', relativeDir => {
    const dir = path.join(DEPLOY_DIR, relativeDir);

    it('is a Kustomization whose resources all exist', () => {
      const kustomization = readKustomization(dir);
      expect(kustomization.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
      expect(kustomization.kind).toBe('Kustomization');
      expect(kustomization.resources?.length).toBeGreaterThan(0);
      const resources = (kustomization.resources ?? []).map(resource => ({
        resource,
        target: path.resolve(dir, resource),
      }));
      expect(
        resources.filter(r => !fs.existsSync(r.target)).map(r => r.resource),
      ).toEqual([]);
      // A directory resource is another kustomization.
      expect(
        resources
          .filter(r => fs.statSync(r.target).isDirectory())
          .filter(
            r => !fs.existsSync(path.join(r.target, 'kustomization.yaml')),
          )
          .map(r => r.resource),
      ).toEqual([]);
    });

    it('holds only objects that match the Kubernetes API schema of their kind', () => {
      const objects = loadKustomizationObjects(dir);
      expect(objects.length).toBeGreaterThan(0);
      for (const loaded of objects) {
        validateObject(loaded);
      }
    });
  });

  it('rejects an object that breaks the schema, so the validation above is real', () => {
    const deployment = loadYamlDocuments(
      path.join(DEPLOY_DIR, 'base/deployment.yaml'),
    )[0];
    const broken = structuredClone(deployment);
    broken.object.spec.replicas = 'two';
    expect(() => validateObject(broken)).toThrow(/replicas must be integer/);
    const unknownKind = structuredClone(deployment);
    unknownKind.object.kind = 'DeploymentConfig';
    expect(() => validateObject(unknownKind)).toThrow(/not a kind/);
  });

  describe('the example overlay', () => {
    const overlayDir = path.join(DEPLOY_DIR, 'overlays/example');
    let objects: LoadedObject[];
    let deployment: Deployment;
    let template: IPodTemplateSpec;
    let backend: IContainer;

    beforeAll(() => {
      objects = loadKustomizationObjects(overlayDir);
      deployment = findObject<Deployment>(objects, Deployment, 'portal');
      template = deployment.spec!.template;
      backend = containerNamed(template, 'backend');
    });

    it('runs at least two replicas, and the autoscaler never goes below two', () => {
      expect(deployment.spec!.replicas).toBeGreaterThanOrEqual(2);
      const hpa = findObject<HorizontalPodAutoscaler>(
        objects,
        HorizontalPodAutoscaler,
      );
      expect(hpa.spec!.scaleTargetRef).toMatchObject({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: deployment.metadata!.name,
      });
      expect(hpa.spec!.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.spec!.maxReplicas).toBeGreaterThanOrEqual(
        hpa.spec!.minReplicas!,
      );
      // The autoscaler's CPU target is relative to the request.
      expect(backend.resources?.requests?.cpu).toBeDefined();
    });

    it('keeps capacity during rollouts and disruptions', () => {
      expect(deployment.spec!.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
      const pdb = findObject<PodDisruptionBudget>(objects, PodDisruptionBudget);
      expect(pdb.spec!.minAvailable).toBe(1);
      expect(
        selects(pdb.spec!.selector?.matchLabels, template.metadata?.labels),
      ).toBe(true);
      expect(
        selects(
          deployment.spec!.selector.matchLabels,
          template.metadata?.labels,
        ),
      ).toBe(true);
    });

    it('probes the health endpoints on the container port', () => {
      expect(backend.ports).toContainEqual(
        expect.objectContaining({ name: 'http', containerPort: 7007 }),
      );
      expect(backend.readinessProbe?.httpGet?.path).toBe(HEALTH_READINESS);
      expect(backend.livenessProbe?.httpGet?.path).toBe(HEALTH_LIVENESS);
      expect(backend.startupProbe?.httpGet?.path).toBe(HEALTH_LIVENESS);
      for (const probe of [
        backend.readinessProbe,
        backend.livenessProbe,
        backend.startupProbe,
      ]) {
        expect(isContainerPort(backend, probe?.httpGet?.port)).toBe(true);
      }
    });

    it('starts the backend with both app-config files and the Kubernetes one from its ConfigMap', () => {
      const commandLine = [...(backend.command ?? []), ...(backend.args ?? [])];
      expect(commandLine.slice(0, 2)).toEqual(['node', 'packages/backend']);
      const configFiles = commandLine.flatMap((arg, index) =>
        commandLine[index - 1] === '--config' ? [arg] : [],
      );
      expect(configFiles.slice(0, 2)).toEqual([
        'app-config.yaml',
        'app-config.production.yaml',
      ]);
      expect(configFiles).toHaveLength(3);

      // The third file is mounted from the ConfigMap that holds it.
      const kubernetesConfig = configFiles[2];
      const mount = backend.volumeMounts?.find(
        m => path.dirname(kubernetesConfig) === m.mountPath,
      );
      expect(mount).toBeDefined();
      const volume = template.spec!.volumes?.find(v => v.name === mount!.name);
      expect(volume?.configMap?.name).toBe('portal-app-config');
      const configMap = findObject<ConfigMap>(
        objects,
        ConfigMap,
        'portal-app-config',
      );
      expect(Object.keys(configMap.data ?? {})).toContain(
        path.basename(kubernetesConfig),
      );
    });

    it('runs as non-root with a read-only root filesystem and a writable /tmp', () => {
      expect(template.spec!.securityContext?.runAsNonRoot).toBe(true);
      expect(template.spec!.securityContext?.runAsUser).toBeGreaterThan(0);
      expect(backend.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      const tmp = backend.volumeMounts?.find(m => m.mountPath === '/tmp');
      expect(tmp).toBeDefined();
      const volume = template.spec!.volumes?.find(v => v.name === tmp!.name);
      expect(volume?.emptyDir).toBeDefined();
      expect(backend.resources?.limits?.memory).toBeDefined();
    });

    it('takes PostgreSQL and auth settings from Secrets, never from plain values', () => {
      const env = backend.env ?? [];
      for (const name of [...POSTGRES_VARS, ...AUTH_VARS]) {
        const variable = env.find(e => e.name === name);
        expect({
          name,
          secretKeyRef: variable?.valueFrom?.secretKeyRef,
        }).toEqual({
          name,
          secretKeyRef: expect.objectContaining({ key: name }),
        });
      }
      const plainSecrets = env
        .filter(v => /PASSWORD|SECRET|TOKEN|PRIVATE_KEY/.test(v.name))
        .filter(v => v.value !== undefined)
        .map(v => v.name);
      expect(plainSecrets).toEqual([]);
      // No Secret is committed as a manifest; they are generated or provided.
      const resourceFiles = KUSTOMIZATION_DIRS.flatMap(relativeDir =>
        (
          readKustomization(path.join(DEPLOY_DIR, relativeDir)).resources ?? []
        ).map(resource => path.resolve(DEPLOY_DIR, relativeDir, resource)),
      ).filter(file => fs.statSync(file).isFile());
      const committedSecrets = resourceFiles
        .flatMap(loadYamlDocuments)
        .filter(({ object }) => object.kind === 'Secret')
        .map(({ source }) => source);
      expect(committedSecrets).toEqual([]);
    });

    it('generates every Secret key the pods read, and commits no secret values', () => {
      const secrets = objects.filter(({ object }) => object.kind === 'Secret');
      const podTemplates = objects
        .filter(({ object }) =>
          ['Deployment', 'StatefulSet'].includes(object.kind),
        )
        .map(({ object }) => object.spec.template as IPodTemplateSpec);
      const refs = podTemplates.flatMap(secretKeyRefs);
      expect(refs.length).toBeGreaterThan(0);
      const unresolved = refs
        .filter(ref => {
          const secret = secrets.find(s => s.object.metadata.name === ref.name);
          // An optional key may be left out; the Secret itself must exist.
          return (
            !secret || (!ref.optional && !(ref.key in secret.object.stringData))
          );
        })
        .map(ref => `${ref.name}/${ref.key}`);
      expect(unresolved).toEqual([]);
      // The committed example files name the keys and hold no secret values.
      const committedValues = secrets.flatMap(({ object }) =>
        Object.entries<string>(object.stringData)
          .filter(([key, value]) => /PASSWORD|SECRET/.test(key) && value !== '')
          .map(([key]) => `${object.metadata.name}/${key}`),
      );
      expect(committedValues).toEqual([]);
    });

    it('routes the Service and the Ingress to the container port', () => {
      const service = findObject<Service>(objects, Service, 'portal');
      expect(selects(service.spec!.selector, template.metadata?.labels)).toBe(
        true,
      );
      for (const port of service.spec!.ports ?? []) {
        expect(isContainerPort(backend, port.targetPort)).toBe(true);
      }
      const ingress = findObject<Ingress>(objects, Ingress, 'portal');
      const paths =
        ingress.spec!.rules?.flatMap(rule => rule.http?.paths ?? []) ?? [];
      expect(paths.length).toBeGreaterThan(0);
      for (const { backend: target } of paths) {
        expect(target.service?.name).toBe(service.metadata!.name);
        const servicePort = service.spec!.ports?.find(
          p =>
            p.name === target.service?.port?.name ||
            p.port === target.service?.port?.number,
        );
        expect(servicePort).toBeDefined();
      }
    });

    it('sets the image, and takes the Ingress host from PORTAL_HOST', () => {
      const kustomization = readKustomization(overlayDir);
      const imageName = backend.image!.split(/[:@]/)[0];
      const image = kustomization.images?.find(i => i.name === imageName);
      expect(image?.newName).toBeDefined();
      expect(image?.newTag ?? image?.digest).toBeDefined();

      const env = findObject<ConfigMap>(objects, ConfigMap, 'portal-env');
      const host = env.data?.PORTAL_HOST;
      expect(host).toMatch(/^[a-z0-9.-]+$/);
      expect(
        backend.env?.find(e => e.name === 'PORTAL_HOST')?.valueFrom
          ?.configMapKeyRef,
      ).toMatchObject({ name: 'portal-env', key: 'PORTAL_HOST' });
      // The overlay copies PORTAL_HOST into the Ingress, so the two cannot drift.
      const replacement = kustomization.replacements?.find(
        r =>
          r.source.kind === 'ConfigMap' &&
          r.source.name === 'portal-env' &&
          r.source.fieldPath === 'data.PORTAL_HOST',
      );
      const ingressTarget = replacement?.targets.find(
        t => t.select.kind === 'Ingress' && t.select.name === 'portal',
      );
      expect(ingressTarget?.fieldPaths).toEqual(
        expect.arrayContaining(['spec.rules.0.host', 'spec.tls.0.hosts.0']),
      );
    });

    it('lets the Kubernetes plugin read workloads and nothing more', () => {
      const serviceAccount = findObject<ServiceAccount>(
        objects,
        ServiceAccount,
      );
      expect(template.spec!.serviceAccountName).toBe(
        serviceAccount.metadata!.name,
      );
      const role = findObject<ClusterRole>(objects, ClusterRole);
      const readVerbs = ['get', 'list', 'watch'];
      for (const rule of role.rules ?? []) {
        expect(rule.verbs.filter(v => !readVerbs.includes(v))).toEqual([]);
        expect(rule.resources).not.toContain('secrets');
        expect(rule.resources).not.toContain('*');
      }
      const resources = (role.rules ?? []).flatMap(r => r.resources ?? []);
      expect(resources).toEqual(
        expect.arrayContaining(['pods', 'deployments', 'replicasets']),
      );
      const binding = findObject<ClusterRoleBinding>(
        objects,
        ClusterRoleBinding,
      );
      expect(binding.roleRef).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: role.metadata!.name,
      });
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: serviceAccount.metadata!.name },
      ]);
    });

    it('runs PostgreSQL 15 on a volume claim, reachable under the host the Secret names', () => {
      const statefulSet = findObject<StatefulSet>(
        objects,
        StatefulSet,
        'portal-postgres',
      );
      const postgres = containerNamed(statefulSet.spec!.template, 'postgres');
      expect(postgres.image).toMatch(/^postgres:15(\.|-|$)/);
      const claim = statefulSet.spec!.volumeClaimTemplates?.[0];
      expect(claim?.spec?.resources?.requests?.storage).toBeDefined();
      expect(
        postgres.volumeMounts?.find(m => m.name === claim?.metadata?.name)
          ?.mountPath,
      ).toBe('/var/lib/postgresql/data');
      for (const name of ['POSTGRES_USER', 'POSTGRES_PASSWORD']) {
        expect(
          postgres.env?.find(e => e.name === name)?.valueFrom?.secretKeyRef,
        ).toMatchObject({ name: 'portal-postgres', key: name });
      }

      const service = findObject<Service>(objects, Service, 'portal-postgres');
      expect(statefulSet.spec!.serviceName).toBe(service.metadata!.name);
      expect(
        selects(
          service.spec!.selector,
          statefulSet.spec!.template.metadata?.labels,
        ),
      ).toBe(true);
      for (const port of service.spec!.ports ?? []) {
        expect(isContainerPort(postgres, port.targetPort)).toBe(true);
      }
      const secret = findObject<Secret>(objects, Secret, 'portal-postgres');
      expect(secret.stringData).toMatchObject({
        POSTGRES_HOST: service.metadata!.name,
        POSTGRES_PORT: String(service.spec!.ports![0].port),
      });
    });

    it('layers an app-config that listens on the container port and reads only variables the pod has', () => {
      const configFiles = [
        path.join(REPO_ROOT, 'app-config.yaml'),
        path.join(REPO_ROOT, 'app-config.production.yaml'),
        path.join(DEPLOY_DIR, 'base/app-config.kubernetes.yaml'),
      ];
      const texts = configFiles.map(file => fs.readFileSync(file, 'utf8'));
      const config = ConfigReader.fromConfigs(
        texts.map((text, index) => ({
          context: path.basename(configFiles[index]),
          data: yaml.load(text) as any,
        })),
      );
      expect(config.getString('backend.database.client')).toBe('pg');
      // Read the way @backstage/backend-defaults reads it.
      const listen = config.getOptional('backend.listen');
      const port =
        typeof listen === 'string'
          ? Number(listen.split(':').pop())
          : config.getOptionalNumber('backend.listen.port');
      expect(isContainerPort(backend, port)).toBe(true);

      const provided = (backend.env ?? []).map(e => e.name);
      const required = texts.flatMap(requiredEnvVars);
      expect(required).toContain('PORTAL_HOST');
      for (const name of required) {
        expect({ name, provided: provided.includes(name) }).toEqual({
          name,
          provided: true,
        });
      }
    });
  });
});

function kubectlAvailable() {
  return (
    spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' })
      .status === 0
  );
}

// kubectl carries Kustomize and renders without a cluster. It is not on every machine,
// so this part is skipped (and reported as skipped) where it is missing.
const describeWithKubectl = kubectlAvailable() ? describe : describe.skip;

describeWithKubectl('the example overlay rendered by kubectl kustomize', () => {
  let workDir: string;
  let rendered: KubernetesObject[];

  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-kustomize-'));
    fs.cpSync(DEPLOY_DIR, workDir, { recursive: true });
    const overlay = path.join(workDir, 'overlays/example');
    // Fill the git-ignored env files from their examples with stand-in values.
    for (const example of fs
      .readdirSync(overlay)
      .filter(f => f.endsWith('.env.example'))) {
      const filled = fs
        .readFileSync(path.join(overlay, example), 'utf8')
        .replace(/^([A-Z0-9_]+)=$/gm, '$1=stand-in-$1');
      fs.writeFileSync(
        path.join(overlay, example.replace(/\.example$/, '')),
        filled,
      );
    }
    const output = execFileSync('kubectl', ['kustomize', overlay], {
      encoding: 'utf8',
    });
    rendered = yaml.loadAll(output) as KubernetesObject[];
  });

  afterAll(() => {
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('renders only objects that match the Kubernetes API schema', () => {
    expect(rendered.length).toBeGreaterThan(10);
    for (const object of rendered) {
      validateObject({ object, source: 'kubectl kustomize overlays/example' });
    }
  });

  it('resolves the generated names the pods refer to', () => {
    const byKind = (kind: string) =>
      rendered.filter(object => object.kind === kind);
    const names = (kind: string) => byKind(kind).map(o => o.metadata.name);
    const templates = [...byKind('Deployment'), ...byKind('StatefulSet')].map(
      workload => workload.spec.template as IPodTemplateSpec,
    );
    const secretNames = templates.flatMap(secretKeyRefs).map(ref => ref.name);
    expect(secretNames.length).toBeGreaterThan(0);
    expect(secretNames.filter(name => !names('Secret').includes(name))).toEqual(
      [],
    );
    const configMapNames = templates
      .flatMap(template => template.spec?.volumes ?? [])
      .flatMap(volume => (volume.configMap ? [volume.configMap.name!] : []));
    expect(configMapNames.length).toBeGreaterThan(0);
    expect(
      configMapNames.filter(name => !names('ConfigMap').includes(name)),
    ).toEqual([]);
  });

  it('puts every namespaced object, and the RBAC subject, in one namespace', () => {
    const namespace = rendered.find(o => o.kind === 'Namespace')!.metadata.name;
    const clusterScoped = ['Namespace', 'ClusterRole', 'ClusterRoleBinding'];
    for (const object of rendered.filter(
      o => !clusterScoped.includes(o.kind),
    )) {
      expect(
        `${object.kind}/${object.metadata.name} in ${object.metadata.namespace}`,
      ).toBe(`${object.kind}/${object.metadata.name} in ${namespace}`);
    }
    const binding = rendered.find(o => o.kind === 'ClusterRoleBinding')!;
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'portal', namespace },
    ]);
  });

  it('uses the overlay image and copies PORTAL_HOST into the Ingress', () => {
    const [image] = readKustomization(path.join(DEPLOY_DIR, 'overlays/example'))
      .images!;
    const deployment = rendered.find(o => o.kind === 'Deployment')!;
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      `${image.newName}:${image.newTag}`,
    );
    const env = rendered.find(
      o => o.kind === 'ConfigMap' && o.metadata.name.startsWith('portal-env'),
    )!;
    const ingress = rendered.find(o => o.kind === 'Ingress')!;
    expect(ingress.spec.rules[0].host).toBe(env.data.PORTAL_HOST);
    expect(ingress.spec.tls[0].hosts).toEqual([env.data.PORTAL_HOST]);
  });
});
