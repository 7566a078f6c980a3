import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';

/**
 * A believable synthetic organization for catalog tests and benchmarks: departments and
 * teams (groups with a parent), people who are members of teams, domains, systems, and
 * components, APIs and resources that belong to systems, are owned by teams, depend on
 * each other and provide and consume APIs.
 *
 * The same `size` and `seed` always give the same entities, so a test or a benchmark can
 * compare what the catalog serves with what it was given.
 */
export interface SyntheticOrganization {
  entities: Entity[];
  /** What the catalog should show once it has processed the entities (see expectedRelations). */
  relations: string[];
}

/** Share of each kind in an organization of `size` entities. */
const SHARES = {
  domain: 0.002,
  system: 0.04,
  group: 0.03,
  api: 0.12,
  resource: 0.1,
  user: 0.26,
  // components take the rest, about 45%
} as const;

const WORDS = [
  'atlas',
  'beacon',
  'cargo',
  'delta',
  'ember',
  'falcon',
  'garnet',
  'harbor',
  'iris',
  'juniper',
  'kestrel',
  'lumen',
  'meridian',
  'nimbus',
  'orbit',
  'prism',
  'quartz',
  'raven',
  'summit',
  'tundra',
  'umbra',
  'vertex',
  'willow',
  'zephyr',
];
const AREAS = [
  'booking',
  'checkout',
  'flights',
  'hotels',
  'payments',
  'search',
  'loyalty',
  'pricing',
  'inventory',
  'identity',
  'messaging',
  'reviews',
  'maps',
  'data',
];
const FIRST_NAMES = [
  'ada',
  'bruno',
  'chen',
  'dara',
  'elif',
  'farah',
  'goran',
  'hana',
  'ivo',
  'jonas',
  'keiko',
  'lena',
  'mateo',
  'nia',
  'omar',
  'priya',
  'rosa',
  'sven',
];
const LIFECYCLES = ['production', 'production', 'experimental', 'deprecated'];
const COMPONENT_TYPES = ['service', 'service', 'service', 'website', 'library'];
const API_TYPES = ['openapi', 'openapi', 'asyncapi', 'grpc', 'graphql'];
const RESOURCE_TYPES = ['database', 'cache', 'topic', 'bucket'];
const TAGS = [
  'java',
  'go',
  'typescript',
  'python',
  'kotlin',
  'rust',
  'pci',
  'gdpr',
  'tier-1',
  'tier-2',
  'public',
  'internal',
];

/** A small deterministic PRNG (mulberry32), so every run generates the same data. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (maxExclusive: number) => Math.floor(next() * maxExclusive),
    pick: <T>(items: readonly T[]): T =>
      items[Math.floor(next() * items.length)],
  };
}

/**
 * Generates `size` entities (at least 20). The entities carry no location annotations;
 * whoever feeds them to the catalog adds those.
 */
export function generateSyntheticOrganization(
  size: number,
  options: { seed?: number; namePrefix?: string } = {},
): SyntheticOrganization {
  if (!Number.isInteger(size) || size < 20) {
    throw new Error(
      `An organization needs at least 20 entities, got ${size}; pass a larger size.`,
    );
  }
  const random = createRandom(options.seed ?? 7);
  const prefix = options.namePrefix ?? '';
  const count = (share: number) => Math.max(1, Math.round(size * share));
  const domains = count(SHARES.domain);
  const systems = count(SHARES.system);
  const groups = Math.max(2, count(SHARES.group));
  const apis = count(SHARES.api);
  const resources = count(SHARES.resource);
  const users = count(SHARES.user);
  const components =
    size - domains - systems - groups - apis - resources - users;

  const entities: Entity[] = [];
  const name = (kind: string, index: number, words: string[]) =>
    `${prefix}${words.join('-')}-${kind}-${index}`;

  // Groups: one department per ~12 teams; teams have a department as parent.
  const departments = Math.max(1, Math.round(groups / 12));
  const groupNames: string[] = [];
  for (let i = 0; i < groups; i++) {
    const isDepartment = i < departments;
    const groupName = name(isDepartment ? 'dept' : 'team', i, [
      random.pick(AREAS),
    ]);
    groupNames.push(groupName);
    const spec: JsonObject = {
      type: isDepartment ? 'department' : 'team',
      children: [],
    };
    if (!isDepartment) {
      const parent = groupNames[random.int(departments)];
      spec.parent = parent;
    }
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: groupName,
        description: `The ${groupName} ${spec.type}.`,
      },
      spec,
    });
  }
  const teamNames = groupNames.slice(departments);
  const teamOf = () =>
    teamNames.length ? random.pick(teamNames) : groupNames[0];

  for (let i = 0; i < users; i++) {
    const first = random.pick(FIRST_NAMES);
    const userName = `${prefix}${first}-${i}`;
    const team = teamOf();
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: userName },
      spec: {
        profile: {
          displayName: `${first[0].toUpperCase()}${first.slice(1)} ${i}`,
          email: `${userName}@example.com`,
        },
        memberOf: [team],
      },
    });
  }

  const domainNames: string[] = [];
  for (let i = 0; i < domains; i++) {
    const domainName = name('domain', i, [AREAS[i % AREAS.length]]);
    domainNames.push(domainName);
    const owner = teamOf();
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: {
        name: domainName,
        description: `Everything about ${AREAS[i % AREAS.length]}.`,
      },
      spec: { owner },
    });
  }

  const systemNames: string[] = [];
  for (let i = 0; i < systems; i++) {
    const systemName = name('system', i, [random.pick(WORDS)]);
    systemNames.push(systemName);
    const owner = teamOf();
    const domain = random.pick(domainNames);
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: systemName },
      spec: { owner, domain },
    });
  }

  const apiNames: string[] = [];
  for (let i = 0; i < apis; i++) {
    const apiName = name('api', i, [random.pick(AREAS), random.pick(WORDS)]);
    apiNames.push(apiName);
    const owner = teamOf();
    const system = random.pick(systemNames);
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: apiName,
        description: `The ${apiName} interface.`,
        tags: [random.pick(TAGS)],
      },
      spec: {
        type: random.pick(API_TYPES),
        lifecycle: random.pick(LIFECYCLES),
        owner,
        system,
        definition:
          'openapi: 3.0.0\ninfo: { title: generated, version: 1.0.0 }\npaths: {}\n',
      },
    });
  }

  const resourceNames: string[] = [];
  for (let i = 0; i < resources; i++) {
    const resourceType = random.pick(RESOURCE_TYPES);
    const resourceName = name(resourceType, i, [random.pick(AREAS)]);
    resourceNames.push(resourceName);
    const owner = teamOf();
    const system = random.pick(systemNames);
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: resourceName },
      spec: { type: resourceType, owner, system },
    });
  }

  const componentNames: string[] = [];
  for (let i = 0; i < components; i++) {
    componentNames.push(
      name('component', i, [random.pick(AREAS), random.pick(WORDS)]),
    );
  }
  componentNames.forEach((componentName, i) => {
    const owner = teamOf();
    const system = random.pick(systemNames);
    const dependsOn = new Set<string>();
    // Depend on earlier components only, so the graph has no cycles.
    for (let d = random.int(3); d > 0 && i > 0; d--) {
      dependsOn.add(`component:${componentNames[random.int(i)]}`);
    }
    if (random.next() < 0.5) {
      dependsOn.add(`resource:${random.pick(resourceNames)}`);
    }
    const providesApis = new Set<string>();
    for (let p = random.int(2); p > 0; p--)
      providesApis.add(random.pick(apiNames));
    const consumesApis = new Set<string>();
    for (let c = random.int(4); c > 0; c--)
      consumesApis.add(random.pick(apiNames));
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: componentName,
        description: `${componentName} handles part of the ${system} system.`,
        tags: [random.pick(TAGS), random.pick(TAGS)].filter(
          (tag, index, all) => all.indexOf(tag) === index,
        ),
      },
      spec: {
        type: random.pick(COMPONENT_TYPES),
        lifecycle: random.pick(LIFECYCLES),
        owner,
        system,
        dependsOn: [...dependsOn],
        providesApis: [...providesApis],
        consumesApis: [...consumesApis],
      },
    });
  });

  return { entities, relations: expectedRelations(entities) };
}

const RELATION_PAIRS: Array<[string, string, string, string]> = [
  // [spec field, relation, reverse relation, default kind of the target]
  ['owner', 'ownedBy', 'ownerOf', 'group'],
  ['system', 'partOf', 'hasPart', 'system'],
  ['domain', 'partOf', 'hasPart', 'domain'],
  ['dependsOn', 'dependsOn', 'dependencyOf', 'component'],
  ['providesApis', 'providesApi', 'apiProvidedBy', 'api'],
  ['consumesApis', 'consumesApi', 'apiConsumedBy', 'api'],
  ['memberOf', 'memberOf', 'hasMember', 'group'],
  ['parent', 'childOf', 'parentOf', 'group'],
];

function toRef(target: string, defaultKind: string): string {
  const withKind = target.includes(':') ? target : `${defaultKind}:${target}`;
  const [kind, rest] = withKind.split(/:(.*)/s);
  const full = rest.includes('/') ? rest : `default/${rest}`;
  return `${kind}:${full}`.toLowerCase();
}

/**
 * The relations the catalog shows for these entities once it has processed them, as
 * `<source ref> <type> <target ref>` strings in lower case: both directions of every
 * relation the entities' specs declare (for the fields the synthetic organization
 * uses), but only on entities that exist, because a relation is read as part of its
 * source entity.
 */
export function expectedRelations(entities: Entity[]): string[] {
  const existing = new Set(
    entities.map(e =>
      `${e.kind}:${e.metadata.namespace ?? 'default'}/${
        e.metadata.name
      }`.toLowerCase(),
    ),
  );
  const relations = new Set<string>();
  for (const entity of entities) {
    const self = `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
      entity.metadata.name
    }`.toLowerCase();
    const spec = (entity.spec ?? {}) as Record<string, unknown>;
    for (const [field, type, reverse, defaultKind] of RELATION_PAIRS) {
      const value = spec[field];
      const targets = Array.isArray(value) ? value : value ? [value] : [];
      for (const target of targets as string[]) {
        const targetRef = toRef(target, defaultKind);
        relations.add(`${self} ${type.toLowerCase()} ${targetRef}`);
        if (existing.has(targetRef)) {
          relations.add(`${targetRef} ${reverse.toLowerCase()} ${self}`);
        }
      }
    }
  }
  return [...relations];
}

/** What a churn round did to an organization. */
export interface OrganizationChurn {
  entities: Entity[];
  changed: string[];
  removed: string[];
  added: string[];
}

/**
 * A day in the life of a large organization, applied to its entities: a share of the
 * components change (description, lifecycle and owning team), some are removed and as
 * many new ones are added. Returns the new entity list and the refs of what changed.
 */
export function churnSyntheticOrganization(
  entities: Entity[],
  options: { share?: number; round?: number } = {},
): OrganizationChurn {
  const share = options.share ?? 0.01;
  const round = options.round ?? 1;
  const random = createRandom(1000 + round);
  const components = entities.filter(e => e.kind === 'Component');
  const teams = entities.filter(
    e => e.kind === 'Group' && e.spec?.type === 'team',
  );
  const toChange = Math.max(1, Math.round(entities.length * share));
  const toRemove = Math.max(1, Math.round(toChange / 2));
  const refOf = (e: Entity) => `component:default/${e.metadata.name}`;

  const removed = new Set(
    components.slice(components.length - toRemove).map(refOf),
  );
  const changed = new Set<string>();
  while (changed.size < Math.min(toChange, components.length - toRemove)) {
    changed.add(refOf(components[random.int(components.length - toRemove)]));
  }
  const next: Entity[] = [];
  for (const entity of entities) {
    const ref = entity.kind === 'Component' ? refOf(entity) : undefined;
    if (ref && removed.has(ref)) continue;
    if (ref && changed.has(ref)) {
      const spec = entity.spec as JsonObject;
      next.push({
        ...entity,
        metadata: {
          ...entity.metadata,
          description: `${entity.metadata.name}, reorganized in round ${round}.`,
        },
        spec: {
          ...spec,
          lifecycle:
            spec.lifecycle === 'production' ? 'deprecated' : 'production',
          owner: teams.length ? random.pick(teams).metadata.name : spec.owner,
        },
      });
      continue;
    }
    next.push(entity);
  }
  const added: string[] = [];
  const template = components[0];
  for (let i = 0; i < toRemove; i++) {
    const name = `new-component-r${round}-${i}`;
    added.push(`component:default/${name}`);
    next.push({
      ...template,
      metadata: {
        name,
        description: `Added in round ${round}.`,
        tags: ['new'],
      },
      spec: {
        ...(template.spec as object),
        owner: teams.length
          ? random.pick(teams).metadata.name
          : template.spec?.owner,
        dependsOn: [],
      },
    });
  }
  return {
    entities: next,
    changed: [...changed],
    removed: [...removed],
    added,
  };
}
