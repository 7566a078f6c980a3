/*
 * The catalog API calls the catalog page and the entity page make, with realistic
 * arguments drawn from the generated organization, and their timing as median and p95.
 */
import type { Entity } from '@backstage/catalog-model';
import { byQuery, CatalogApiClient } from './catalogApi';

export type CallGroup = 'list' | 'facets' | 'entity';

export interface PageCall {
  name: string;
  group: CallGroup;
  /** What the call stands for on the page. */
  description: string;
  run(iteration: number): Promise<void>;
}

export interface CallTiming {
  name: string;
  group: CallGroup;
  median: number;
  p95: number;
  count: number;
  errors: number;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)];
}

const LIST_FIELDS = undefined; // the catalog table asks for whole entities

/** The calls, with arguments taken from the organization in turn. */
export function createPageCalls(
  api: CatalogApiClient,
  entities: Entity[],
): PageCall[] {
  const ofKind = (kind: string) => entities.filter(e => e.kind === kind);
  const components = ofKind('Component');
  const systems = ofKind('System');
  const teams = ofKind('Group').filter(g => g.spec?.type === 'team');
  const at = <T>(items: T[], i: number) => items[(i * 7919) % items.length];
  const words = components.map(c => c.metadata.name.split('-')[1]);
  let nextCursor: string | undefined;

  const refsOf = (entity: Entity) => {
    const spec = entity.spec as Record<string, any>;
    const refs = [
      `group:default/${spec.owner}`,
      `system:default/${spec.system}`,
      ...(spec.providesApis ?? []).map((a: string) => `api:default/${a}`),
      ...(spec.consumesApis ?? []).map((a: string) => `api:default/${a}`),
      ...(spec.dependsOn ?? []).map((d: string) => d.replace(':', ':default/')),
    ];
    return refs;
  };
  const partsOf = (system: Entity) =>
    components
      .filter(c => c.spec?.system === system.metadata.name)
      .map(c => `component:default/${c.metadata.name}`);

  return [
    {
      name: 'list: first page of components',
      group: 'list',
      description:
        'the catalog table opening on kind Component (20 rows, by name)',
      async run() {
        const page = await api.get<{ pageInfo: { nextCursor?: string } }>(
          byQuery({
            filters: [{ kind: 'component' }],
            limit: 20,
            orderField: 'metadata.name,asc',
            totalItems: 'exclude',
            fields: LIST_FIELDS,
          }),
        );
        nextCursor = page.pageInfo.nextCursor;
      },
    },
    {
      name: 'list: next page',
      group: 'list',
      description: 'the table\'s "next page" button (cursor)',
      async run() {
        if (!nextCursor) return;
        await api.get(
          byQuery({ cursor: nextCursor, limit: 20, totalItems: 'exclude' }),
        );
      },
    },
    {
      name: 'list: count',
      group: 'list',
      description: 'the total shown above the table (limit 0)',
      async run() {
        await api.get(byQuery({ filters: [{ kind: 'component' }], limit: 0 }));
      },
    },
    {
      name: 'list: filtered',
      group: 'list',
      description: 'type service, lifecycle production (20 rows)',
      async run() {
        await api.get(
          byQuery({
            filters: [
              {
                kind: 'component',
                'spec.type': 'service',
                'spec.lifecycle': 'production',
              },
            ],
            limit: 20,
            orderField: 'metadata.name,asc',
            totalItems: 'exclude',
          }),
        );
      },
    },
    {
      name: 'list: owned by a team',
      group: 'list',
      description: 'the "Owned" view of a team member',
      async run(i) {
        const team = at(teams, i).metadata.name;
        await api.get(
          byQuery({
            filters: [
              {
                kind: 'component',
                'relations.ownedBy': `group:default/${team}`,
              },
            ],
            limit: 20,
            orderField: 'metadata.name,asc',
          }),
        );
      },
    },
    {
      name: 'list: text filter',
      group: 'list',
      description: "typing a word into the table's search box",
      async run(i) {
        await api.get(
          byQuery({
            filters: [{ kind: 'component' }],
            limit: 20,
            orderField: 'metadata.name,asc',
            fullTextFilterTerm: at(words, i),
            fullTextFilterFields: ['metadata.name', 'metadata.title'],
          }),
        );
      },
    },
    {
      name: 'facets: kinds',
      group: 'facets',
      description: 'the kind picker',
      async run() {
        await api.get('/entity-facets?facet=kind');
      },
    },
    {
      name: 'facets: type, lifecycle, tags',
      group: 'facets',
      description: 'three pickers for components in one call',
      async run() {
        await api.get(
          '/entity-facets?facet=spec.type&facet=spec.lifecycle&facet=metadata.tags&filter=kind=component',
        );
      },
    },
    {
      name: 'facets: owners',
      group: 'facets',
      description: 'the owner picker for components',
      async run() {
        await api.get(
          '/entity-facets?facet=relations.ownedBy&filter=kind=component',
        );
      },
    },
    {
      name: 'entity: by name',
      group: 'entity',
      description: "opening a component's page",
      async run(i) {
        await api.get(
          `/entities/by-name/component/default/${
            at(components, i).metadata.name
          }`,
        );
      },
    },
    {
      name: 'entity: related entities',
      group: 'entity',
      description: 'owner, system, APIs and dependencies cards (by-refs)',
      async run(i) {
        await api.post('/entities/by-refs', {
          entityRefs: refsOf(at(components, i)),
        });
      },
    },
    {
      name: 'entity: system parts',
      group: 'entity',
      description: "a system page's components card (by-refs of every part)",
      async run(i) {
        await api.post('/entities/by-refs', {
          entityRefs: partsOf(at(systems, i)),
        });
      },
    },
  ];
}

/**
 * Runs every call `iterations` times, round robin so each sees the same moments of
 * processing, and returns median and p95 per call.
 */
export async function sampleCalls(
  calls: PageCall[],
  iterations: number,
): Promise<CallTiming[]> {
  const times = new Map<string, number[]>(calls.map(c => [c.name, []]));
  const errors = new Map<string, number>(calls.map(c => [c.name, 0]));
  let firstError: string | undefined;
  for (let i = 0; i < iterations; i++) {
    for (const call of calls) {
      try {
        const [, ms] = await CatalogApiClient.timed(() => call.run(i));
        times.get(call.name)!.push(ms);
      } catch (error) {
        errors.set(call.name, errors.get(call.name)! + 1);
        firstError ??= `${call.name}: ${error}`;
      }
    }
  }
  if (firstError) {
    console.warn(`    some calls failed, first: ${firstError}`);
  }
  return calls.map(call => {
    const values = times.get(call.name)!;
    return {
      name: call.name,
      group: call.group,
      median: percentile(values, 50),
      p95: percentile(values, 95),
      count: values.length,
      errors: errors.get(call.name)!,
    };
  });
}
