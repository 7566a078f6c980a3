/*
 * The demo organization in examples/ is what a new user sees on first start, and the
 * browser tests navigate it. These tests hold it to what the catalog and the TechDocs
 * generator will do with it: every entity valid, every reference resolvable, every
 * component documented with a nav that points at real pages.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  KindValidator,
  locationEntityV1alpha1Validator,
  makeValidator,
  NoForeignRootFieldsEntityPolicy,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const ROOT_LOCATION = path.join(EXAMPLES, 'all.yaml');
const relative = (file: string) => path.relative(REPO_ROOT, file);

// What app-config.yaml's catalog.rules allow.
const ALLOWED_KINDS = [
  'Component',
  'System',
  'Domain',
  'API',
  'Resource',
  'Location',
  'Template',
  'User',
  'Group',
];

// The made-up word the browser test searches for. Spelled in two halves so that this
// file is not itself a hit for anyone grepping the repository for it.
const SEARCH_WORD = ['Zephy', 'rine'].join('');

type LoadedEntity = { entity: Entity; file: string };

type DemoOrganization = {
  entities: LoadedEntity[];
  /** Every YAML file reached through Location targets, root included. */
  entityFiles: Set<string>;
  /** Files read through `$text` placeholders. */
  definitionFiles: Set<string>;
  problems: string[];
};

/**
 * Replaces `{ $text: ./file }` with the file's content, as the catalog's placeholder
 * processor does, relative to the file that holds the entity.
 */
function resolvePlaceholders(
  value: unknown,
  baseFile: string,
  org: DemoOrganization,
): unknown {
  if (Array.isArray(value)) {
    return value.map(item => resolvePlaceholders(item, baseFile, org));
  }
  if (!value || typeof value !== 'object') {
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === '$text') {
    const target = record.$text;
    if (typeof target !== 'string' || !target.startsWith('./')) {
      org.problems.push(`${baseFile}: $text must be a relative path`);
      return '';
    }
    const file = path.resolve(path.dirname(baseFile), target);
    if (!fs.existsSync(file)) {
      org.problems.push(`${baseFile}: $text target ${target} does not exist`);
      return '';
    }
    org.definitionFiles.add(file);
    return fs.readFileSync(file, 'utf8');
  }
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [
      k,
      resolvePlaceholders(v, baseFile, org),
    ]),
  );
}

function readLocation(file: string, org: DemoOrganization) {
  if (org.entityFiles.has(file)) {
    org.problems.push(`${file} is reached by more than one Location`);
    return;
  }
  org.entityFiles.add(file);
  if (!fs.existsSync(file)) {
    org.problems.push(`Location target ${file} does not exist`);
    return;
  }
  let documents: unknown[];
  try {
    documents = yaml.loadAll(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    org.problems.push(`${relative(file)} is not valid YAML: ${error}`);
    return;
  }
  for (const document of documents) {
    if (!document) {
      continue;
    }
    const entity = resolvePlaceholders(document, file, org) as Entity;
    org.entities.push({ entity, file });
    if (entity.kind !== 'Location') {
      continue;
    }
    const spec = (entity.spec ?? {}) as { target?: string; targets?: string[] };
    const targets = [
      ...(spec.target ? [spec.target] : []),
      ...(spec.targets ?? []),
    ];
    for (const target of targets) {
      if (!target.startsWith('./')) {
        org.problems.push(`${file}: target ${target} is not a relative path`);
        continue;
      }
      readLocation(path.resolve(path.dirname(file), target), org);
    }
  }
}

function loadDemoOrganization(): DemoOrganization {
  const org: DemoOrganization = {
    entities: [],
    entityFiles: new Set(),
    definitionFiles: new Set(),
    problems: [],
  };
  readLocation(ROOT_LOCATION, org);
  return org;
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(dirent => {
    const full = path.join(dir, dirent.name);
    return dirent.isDirectory() ? listFiles(full) : [full];
  });
}

/** How the catalog turns each spec field into a reference, with its default kind. */
const REFERENCE_FIELDS: Record<
  string,
  Array<{ field: string; defaultKind?: string }>
> = {
  Component: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'system', defaultKind: 'System' },
    { field: 'subcomponentOf', defaultKind: 'Component' },
    { field: 'providesApis', defaultKind: 'API' },
    { field: 'consumesApis', defaultKind: 'API' },
    { field: 'dependsOn' },
    { field: 'dependencyOf' },
  ],
  API: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'system', defaultKind: 'System' },
  ],
  Resource: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'system', defaultKind: 'System' },
    { field: 'dependsOn' },
    { field: 'dependencyOf' },
  ],
  System: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'domain', defaultKind: 'Domain' },
  ],
  Domain: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'subdomainOf', defaultKind: 'Domain' },
  ],
  User: [{ field: 'memberOf', defaultKind: 'Group' }],
  Group: [
    { field: 'parent', defaultKind: 'Group' },
    { field: 'children', defaultKind: 'Group' },
    { field: 'members', defaultKind: 'User' },
  ],
};

/** Outgoing references of an entity as full refs ("component:default/x"), by field. */
function referencesOf(entity: Entity): Array<{ field: string; ref: string }> {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  return (REFERENCE_FIELDS[entity.kind] ?? []).flatMap(
    ({ field, defaultKind }) => {
      const value = spec[field];
      const targets: unknown[] = [value ?? []].flat();
      return targets.map(target => {
        try {
          const ref = stringifyEntityRef(
            parseEntityRef(String(target), {
              defaultKind,
              defaultNamespace: 'default',
            }),
          );
          return { field, ref };
        } catch (error) {
          return { field, ref: `<unparseable ${String(target)}: ${error}>` };
        }
      });
    },
  );
}

/** Leaf page paths of an mkdocs nav, skipping external links. */
function navPages(nav: unknown): string[] {
  if (typeof nav === 'string') {
    return /^[a-z]+:\/\//.test(nav) ? [] : [nav];
  }
  if (Array.isArray(nav)) {
    return nav.flatMap(navPages);
  }
  if (nav && typeof nav === 'object') {
    return Object.values(nav).flatMap(navPages);
  }
  return [];
}

/** Relative links to other markdown pages ("[runbook](runbook.md#alerts)"). */
function markdownLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s#]+\.md)(?:#[^)]*)?\)/g)]
    .map(match => match[1])
    .filter(link => !/^[a-z]+:\/\//.test(link));
}

/**
 * Checks a TechDocs site (mkdocs.yml + docs/) the way the generator reads it.
 * Returns the problems found, each naming the file.
 */
function checkDocsSite(siteDir: string, requiredPages: string[]): string[] {
  const problems: string[] = [];
  const mkdocsFile = path.join(siteDir, 'mkdocs.yml');
  if (!fs.existsSync(mkdocsFile)) {
    return [`${relative(mkdocsFile)} is missing`];
  }
  const mkdocs = yaml.load(fs.readFileSync(mkdocsFile, 'utf8')) as Record<
    string,
    unknown
  >;
  for (const key of ['site_name', 'site_description']) {
    if (typeof mkdocs[key] !== 'string' || !mkdocs[key]) {
      problems.push(`${relative(mkdocsFile)} has no ${key}`);
    }
  }
  if ('markdown_extensions' in mkdocs) {
    problems.push(`${relative(mkdocsFile)} sets markdown_extensions`);
  }
  const plugins = (mkdocs.plugins ?? []) as unknown[];
  if (plugins.some(plugin => plugin !== 'techdocs-core')) {
    problems.push(
      `${relative(mkdocsFile)} lists plugins other than techdocs-core`,
    );
  }
  const docsDir = path.join(siteDir, 'docs');
  const pages = navPages(mkdocs.nav);
  if (pages.length === 0) {
    problems.push(`${relative(mkdocsFile)} has no nav`);
  }
  for (const page of pages) {
    if (!fs.existsSync(path.join(docsDir, page))) {
      problems.push(
        `${relative(mkdocsFile)} nav lists ${page}, which does not exist`,
      );
    }
  }
  for (const page of requiredPages) {
    if (!fs.existsSync(path.join(docsDir, page))) {
      problems.push(`${relative(path.join(docsDir, page))} is missing`);
    }
  }
  const adrs = listFiles(path.join(docsDir, 'adr')).filter(file =>
    /\/\d{4}-[a-z0-9-]+\.md$/.test(file),
  );
  if (adrs.length === 0) {
    problems.push(
      `${relative(docsDir)}/adr has no NNNN-<slug>.md decision record`,
    );
  }
  for (const file of listFiles(docsDir).filter(f => f.endsWith('.md'))) {
    const page = path.relative(docsDir, file);
    if (!pages.includes(page)) {
      problems.push(
        `${relative(file)} is not in the nav of ${relative(mkdocsFile)}`,
      );
    }
    for (const link of markdownLinks(fs.readFileSync(file, 'utf8'))) {
      if (!fs.existsSync(path.resolve(path.dirname(file), link))) {
        problems.push(
          `${relative(file)} links to ${link}, which does not exist`,
        );
      }
    }
  }
  for (const file of adrs) {
    const text = fs.readFileSync(file, 'utf8');
    for (const heading of ['Context', 'Decision', 'Consequences']) {
      if (!new RegExp(`^## ${heading}`, 'm').test(text)) {
        problems.push(`${relative(file)} has no "## ${heading}" section`);
      }
    }
  }
  return problems;
}

const KIND_VALIDATORS: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

// The policies the catalog backend applies by default (CatalogBuilder).
const CATALOG_POLICY = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(makeValidator()),
]);

describe('the demo organization in examples/', () => {
  const org = loadDemoOrganization();
  const entities = org.entities.map(({ entity }) => entity);
  const ofKind = (kind: string) => entities.filter(e => e.kind === kind);
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  const spec = (entity: Entity) => (entity.spec ?? {}) as Record<string, any>;
  const components = ofKind('Component');
  const allReferences = entities.flatMap(entity =>
    referencesOf(entity).map(reference => ({ from: entity, ...reference })),
  );
  const referrersOf = (ref: string, field?: string) =>
    allReferences
      .filter(r => r.ref === ref && (!field || r.field === field))
      .map(r => r.from);

  it('is reached from examples/all.yaml, a Location named demo-organization', () => {
    expect(org.problems).toEqual([]);
    const root = org.entities[0];
    expect(root.file).toBe(ROOT_LOCATION);
    expect(root.entity.kind).toBe('Location');
    expect(root.entity.metadata.name).toBe('demo-organization');
  });

  it('leaves no entity file unreachable from examples/all.yaml', () => {
    const unreachable = listFiles(EXAMPLES)
      .filter(file => /\.ya?ml$/.test(file))
      .filter(file => path.basename(file) !== 'mkdocs.yml')
      .filter(file => !org.definitionFiles.has(file))
      .filter(file => !org.entityFiles.has(file))
      .map(relative);
    expect(unreachable).toEqual([]);
  });

  it('holds only kinds the catalog rules allow, with unique names', () => {
    expect(
      entities.filter(e => !ALLOWED_KINDS.includes(e.kind)).map(e => e.kind),
    ).toEqual([]);
    const refs = entities.map(e => stringifyEntityRef(e));
    expect(refs.filter((ref, i) => refs.indexOf(ref) !== i)).toEqual([]);
  });

  it('passes the catalog validation of every entity', async () => {
    const failures: string[] = [];
    for (const { entity, file } of org.entities) {
      const where = `${relative(file)} ${entity.kind}:${entity.metadata?.name}`;
      try {
        const checked = await CATALOG_POLICY.enforce(
          JSON.parse(JSON.stringify(entity)),
        );
        const results = await Promise.all(
          KIND_VALIDATORS.map(validator => validator.check(checked!)),
        );
        if (!results.includes(true)) {
          failures.push(`${where}: no validator knows this kind`);
        }
      } catch (error) {
        failures.push(`${where}: ${error}`);
      }
      if (!/^[a-z0-9-]{1,63}$/.test(entity.metadata?.name ?? '')) {
        failures.push(
          `${where}: name must be [a-z0-9-], at most 63 characters`,
        );
      }
    }
    expect(failures).toEqual([]);
  });

  it('points every reference at an entity that exists', () => {
    const dangling = allReferences
      .filter(({ ref }) => !byRef.has(ref))
      .map(
        ({ from, field, ref }) =>
          `${stringifyEntityRef(from)} ${field} -> ${ref}`,
      );
    expect(dangling).toEqual([]);
  });

  describe('organization', () => {
    const teams = ofKind('Group').filter(g => spec(g).type === 'team');
    const users = ofKind('User');
    const membersOf = (group: string) =>
      users.filter(u => (spec(u).memberOf as string[]).includes(group));

    it('has at least six teams of three to five people, each owning something', () => {
      expect(teams.length).toBeGreaterThanOrEqual(6);
      const problems = teams.flatMap(team => {
        const name = team.metadata.name;
        const size = membersOf(name).length;
        const owned = referrersOf(`group:default/${name}`, 'owner').length;
        return [
          ...(size < 3 || size > 5 ? [`${name} has ${size} members`] : []),
          ...(owned === 0 ? [`${name} owns nothing`] : []),
        ];
      });
      expect(problems).toEqual([]);
    });

    it('gives every person a display name and a wayfarer.example address', () => {
      for (const user of users) {
        const profile = spec(user).profile ?? {};
        expect(profile.displayName).toEqual(expect.any(String));
        expect(profile.email).toMatch(/^[a-z.]+@wayfarer\.example$/);
        expect(profile.picture).toBeUndefined();
      }
    });

    it('nests teams in departments under the wayfarer organization', () => {
      const root = byRef.get('group:default/wayfarer');
      expect(spec(root!).type).toBe('organization');
      const departments = ofKind('Group').filter(
        g => spec(g).type === 'department',
      );
      expect(departments.length).toBeGreaterThanOrEqual(1);
      for (const department of departments) {
        expect(spec(department).parent).toBe('wayfarer');
      }
      const departmentNames = departments.map(d => d.metadata.name);
      for (const team of teams) {
        expect(departmentNames).toContain(spec(team).parent);
      }
    });

    it('has platform-admins: two platform engineers under platform-team', () => {
      const admins = byRef.get('group:default/platform-admins');
      expect(spec(admins!).type).toBe('admin-group');
      expect(spec(admins!).parent).toBe('platform-team');
      const members = spec(admins!).members as string[];
      expect(members).toHaveLength(2);
      const platformEngineers = membersOf('platform-team').map(
        u => u.metadata.name,
      );
      for (const member of members) {
        expect(platformEngineers).toContain(member);
      }
    });

    it('has the guest who signs in locally, on team-checkout', () => {
      const guest = byRef.get('user:default/guest');
      expect(spec(guest!).profile).toEqual({
        displayName: 'Guest Developer',
        email: 'guest@wayfarer.example',
      });
      expect(spec(guest!).memberOf).toEqual(['team-checkout']);
    });
  });

  describe('software', () => {
    it('has enough domains, systems, components, APIs and resources', () => {
      expect(ofKind('Domain').length).toBeGreaterThanOrEqual(3);
      expect(ofKind('System').length).toBeGreaterThanOrEqual(4);
      expect(components.length).toBeGreaterThanOrEqual(16);
      expect(ofKind('API').length).toBeGreaterThanOrEqual(6);
      expect(ofKind('Resource').length).toBeGreaterThanOrEqual(5);
      expect(
        ofKind('System')
          .filter(system => !spec(system).domain)
          .map(system => system.metadata.name),
      ).toEqual([]);
    });

    it('mixes component types and has several of each lifecycle', () => {
      const count = (key: string, value: string) =>
        components.filter(c => spec(c)[key] === value).length;
      expect(count('type', 'service')).toBeGreaterThanOrEqual(3);
      expect(count('type', 'website')).toBeGreaterThanOrEqual(2);
      expect(count('type', 'library')).toBeGreaterThanOrEqual(2);
      expect(count('lifecycle', 'production')).toBeGreaterThanOrEqual(3);
      expect(count('lifecycle', 'experimental')).toBeGreaterThanOrEqual(3);
      expect(count('lifecycle', 'deprecated')).toBeGreaterThanOrEqual(3);
    });

    it('gives every component an owner, a system, tags, links and its annotations', () => {
      for (const component of components) {
        const { name, annotations, tags, links } = component.metadata;
        expect(spec(component)).toMatchObject({
          owner: expect.any(String),
          system: expect.any(String),
        });
        expect(tags?.length).toBeGreaterThan(0);
        expect(links?.length).toBeGreaterThan(0);
        expect(annotations).toMatchObject({
          'backstage.io/techdocs-ref': 'dir:.',
          'backstage.io/kubernetes-id': name,
        });
        const file = org.entities.find(e => e.entity === component)!.file;
        expect(relative(file)).toBe(
          `examples/components/${name}/catalog-info.yaml`,
        );
      }
    });

    it('wires components together through dependencies and APIs', () => {
      const problems = components.flatMap(component => {
        const { name } = component.metadata;
        const { type, dependsOn, providesApis, consumesApis } = spec(component);
        const apis = [...(providesApis ?? []), ...(consumesApis ?? [])];
        return [
          // Only the handbook (documentation) stands on nothing.
          ...(type !== 'documentation' && !dependsOn?.length
            ? [`${name} depends on nothing`]
            : []),
          ...(['service', 'website'].includes(type) && apis.length === 0
            ? [`${name} (${type}) neither provides nor consumes an API`]
            : []),
        ];
      });
      expect(problems).toEqual([]);
    });

    it('has every API provided by one component and consumed by another', () => {
      const problems = ofKind('API').flatMap(api => {
        const ref = stringifyEntityRef(api);
        return [
          ...(referrersOf(ref, 'providesApis').length === 0
            ? [`nothing provides ${api.metadata.name}`]
            : []),
          ...(referrersOf(ref, 'consumesApis').length === 0
            ? [`nothing consumes ${api.metadata.name}`]
            : []),
        ];
      });
      expect(problems).toEqual([]);
    });

    it('has OpenAPI 3, AsyncAPI 2 and gRPC definitions that parse', () => {
      const apis = ofKind('API');
      const ofType = (type: string) => apis.filter(a => spec(a).type === type);
      expect(ofType('openapi').length).toBeGreaterThanOrEqual(3);
      expect(ofType('asyncapi').length).toBeGreaterThanOrEqual(1);
      expect(ofType('grpc').length).toBeGreaterThanOrEqual(1);
      for (const api of ofType('openapi')) {
        const doc = yaml.load(spec(api).definition) as Record<string, any>;
        expect(doc.openapi).toMatch(/^3\./);
        expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
      }
      for (const api of ofType('asyncapi')) {
        const doc = yaml.load(spec(api).definition) as Record<string, any>;
        expect(doc.asyncapi).toMatch(/^2\./);
        expect(Object.keys(doc.channels).length).toBeGreaterThan(0);
      }
      for (const api of ofType('grpc')) {
        expect(spec(api).definition).toMatch(/syntax = "proto3";/);
        expect(spec(api).definition).toMatch(/^service \w+ \{/m);
      }
    });

    it('has every resource in a system and depended on by a component', () => {
      const problems = ofKind('Resource').flatMap(resource => {
        const { name } = resource.metadata;
        const dependents = referrersOf(
          stringifyEntityRef(resource),
          'dependsOn',
        );
        return [
          ...(dependents.some(d => d.kind === 'Component')
            ? []
            : [`no component depends on ${name}`]),
          ...(spec(resource).system ? [] : [`${name} is in no system`]),
        ];
      });
      expect(problems).toEqual([]);
    });

    it('has checkout-service as the browser tests expect it', () => {
      const checkout = byRef.get('component:default/checkout-service')!;
      expect(spec(checkout)).toMatchObject({
        type: 'service',
        owner: 'team-checkout',
        system: 'checkout',
      });
      expect(spec(checkout).providesApis).toContain('checkout-api');
      expect(spec(byRef.get('api:default/checkout-api')!).type).toBe('openapi');
      const deps = spec(checkout).dependsOn as string[];
      expect(deps.some(d => d.startsWith('component:'))).toBe(true);
      expect(deps.some(d => d.startsWith('resource:'))).toBe(true);
    });

    it('has fare-calculator, a team-flights service', () => {
      expect(
        spec(byRef.get('component:default/fare-calculator')!),
      ).toMatchObject({
        type: 'service',
        owner: 'team-flights',
      });
    });
  });

  describe('component docs', () => {
    const REQUIRED_PAGES = ['index.md', 'architecture.md', 'runbook.md'];

    it('has mkdocs.yml, the four pages and a nav of existing pages for every component', () => {
      const problems = components.flatMap(component =>
        checkDocsSite(
          path.join(EXAMPLES, 'components', component.metadata.name),
          REQUIRED_PAGES,
        ),
      );
      expect(problems).toEqual([]);
    });

    it('points repo_url and edit_uri at the owning team', () => {
      for (const component of components) {
        const { name } = component.metadata;
        const mkdocs = yaml.load(
          fs.readFileSync(
            path.join(EXAMPLES, 'components', name, 'mkdocs.yml'),
            'utf8',
          ),
        ) as Record<string, unknown>;
        expect(mkdocs).toMatchObject({
          repo_url: `https://git.wayfarer.example/${
            spec(component).owner
          }/${name}`,
          edit_uri: 'edit/main/docs/',
        });
      }
    });

    it('uses the markdown features the TechDocs generator has to render', () => {
      const pages = components.flatMap(component =>
        listFiles(
          path.join(EXAMPLES, 'components', component.metadata.name, 'docs'),
        )
          .filter(file => file.endsWith('.md'))
          .map(file => fs.readFileSync(file, 'utf8')),
      );
      const using = (pattern: RegExp) =>
        pages.filter(p => pattern.test(p)).length;
      expect(using(/^```mermaid$/m)).toBeGreaterThanOrEqual(5);
      expect(using(/^\|.*\|\n\|[ :-]+\|/m)).toBeGreaterThanOrEqual(5);
      expect(
        using(/^```(bash|yaml|ts|go|kotlin|python|sql|java|promql)$/m),
      ).toBeGreaterThanOrEqual(10);
      expect(using(/^!!! \w+ ".+"$/m)).toBeGreaterThanOrEqual(5);
      expect(using(/^\?\?\? \w+ ".+"$/m)).toBeGreaterThanOrEqual(3);
      expect(using(/^=== ".+"\n\n? {4}\S/m)).toBeGreaterThanOrEqual(3);
      expect(using(/^- \[[ x]\] /m)).toBeGreaterThanOrEqual(3);
      expect(using(/\[\^\w+\]:/)).toBeGreaterThanOrEqual(3);
    });

    it('does not repeat the same paragraph across components', () => {
      const seen = new Map<string, string>();
      const repeated: string[] = [];
      for (const component of components) {
        const docsDir = path.join(
          EXAMPLES,
          'components',
          component.metadata.name,
          'docs',
        );
        for (const file of listFiles(docsDir).filter(f => f.endsWith('.md'))) {
          const paragraphs = fs
            .readFileSync(file, 'utf8')
            .replace(/```[\s\S]*?```/g, '')
            .split(/\n\s*\n/)
            .map(p => p.trim())
            .filter(p => p.length >= 120);
          for (const paragraph of paragraphs) {
            const first = seen.get(paragraph);
            if (first && !first.startsWith(docsDir)) {
              repeated.push(`${relative(file)} repeats ${relative(first)}`);
            }
            seen.set(paragraph, first ?? file);
          }
        }
      }
      expect(repeated).toEqual([]);
    });
  });

  it(`has the word the browser test searches for on exactly one page`, () => {
    const hits = [
      ...listFiles(EXAMPLES),
      ...listFiles(path.join(REPO_ROOT, 'docs')),
      path.join(REPO_ROOT, 'mkdocs.yml'),
    ]
      .filter(file => fs.existsSync(file))
      .filter(file => fs.readFileSync(file, 'utf8').includes(SEARCH_WORD))
      .map(relative);
    expect(hits).toEqual([
      'examples/components/fare-calculator/docs/architecture.md',
    ]);
  });
});

describe("the portal's own docs (mkdocs.yml, docs/)", () => {
  it('is a TechDocs site named Wayfarer Developer Portal with every page in its nav', () => {
    expect(
      checkDocsSite(REPO_ROOT, [
        'index.md',
        'architecture.md',
        'adding-a-plugin.md',
        'runbook.md',
        'adr/0001-one-backstage-release-line.md',
        'adr/0002-typescript-techdocs-generator.md',
        'adr/0003-ownership-permission-policy.md',
      ]),
    ).toEqual([]);
    const mkdocs = yaml.load(
      fs.readFileSync(path.join(REPO_ROOT, 'mkdocs.yml'), 'utf8'),
    ) as Record<string, unknown>;
    expect(mkdocs.site_name).toBe('Wayfarer Developer Portal');
  });
});
