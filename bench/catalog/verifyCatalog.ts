/*
 * Checks, through the catalog API, that the catalog serves exactly the given
 * organization: every entity once (paging with cursors: no gaps, no repeats), no
 * entity that should be gone, every expected relation and no other, and the current
 * description of each entity.
 */
import type { Entity } from '@backstage/catalog-model';
import { byQuery, CatalogApiClient } from './catalogApi';

export const GENERATED_KINDS = [
  'component',
  'api',
  'resource',
  'system',
  'domain',
  'group',
  'user',
];

export interface Verification {
  ok: boolean;
  entities: number;
  relations: number;
  problems: string[];
}

const VERIFY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.description',
  'relations',
];

const refOf = (e: Entity) =>
  `${e.kind}:${e.metadata.namespace ?? 'default'}/${
    e.metadata.name
  }`.toLowerCase();

/** Counts the entities of the generated kinds the catalog serves. */
export async function countGeneratedEntities(
  api: CatalogApiClient,
): Promise<number> {
  const page = await api.get<{ totalItems: number }>(
    byQuery({ filters: GENERATED_KINDS.map(kind => ({ kind })), limit: 0 }),
  );
  return page.totalItems;
}

/**
 * Whether every expected relation is readable, counted per relation type with one
 * facets call (cheap enough to poll once all entities are there).
 */
export async function relationsComplete(
  api: CatalogApiClient,
  expectedRelations: string[],
): Promise<{ complete: boolean; missing: number }> {
  const expected = new Map<string, number>();
  for (const relation of expectedRelations) {
    const type = relation.split(' ')[1];
    expected.set(type, (expected.get(type) ?? 0) + 1);
  }
  const query = [...expected.keys()].map(t => `facet=relations.${t}`).join('&');
  const filters = GENERATED_KINDS.map(k => `filter=kind=${k}`).join('&');
  const { facets } = await api.get<{
    facets: Record<string, { value: string; count: number }[]>;
  }>(`/entity-facets?${query}&${filters}`);
  let missing = 0;
  for (const [type, count] of expected) {
    const served = (facets[`relations.${type}`] ?? []).reduce(
      (sum, f) => sum + f.count,
      0,
    );
    missing += Math.max(0, count - served);
  }
  return { complete: missing === 0, missing };
}

export async function verifyCatalog(
  api: CatalogApiClient,
  entities: Entity[],
  relations: string[],
  options: { pageSize?: number } = {},
): Promise<Verification> {
  const problems: string[] = [];
  const expected = new Map(entities.map(e => [refOf(e), e]));
  const seen = new Set<string>();
  const servedRelations = new Set<string>();
  let cursor: string | undefined;
  let first = true;
  while (first || cursor) {
    first = false;
    const page: {
      items: Entity[];
      pageInfo: { nextCursor?: string };
    } = await api.get(
      cursor
        ? byQuery({
            cursor,
            limit: options.pageSize ?? 500,
            fields: VERIFY_FIELDS,
          })
        : byQuery({
            filters: GENERATED_KINDS.map(kind => ({ kind })),
            limit: options.pageSize ?? 500,
            orderField: 'metadata.name,asc',
            fields: VERIFY_FIELDS,
            totalItems: 'exclude',
          }),
    );
    for (const entity of page.items) {
      const ref = refOf(entity);
      if (seen.has(ref)) {
        problems.push(`${ref} was served twice while paging`);
      }
      seen.add(ref);
      const wanted = expected.get(ref);
      if (!wanted) {
        problems.push(`${ref} is served but is not in the source`);
        continue;
      }
      if (
        (wanted.metadata.description ?? '') !==
        (entity.metadata.description ?? '')
      ) {
        problems.push(`${ref} has an out-of-date description`);
      }
      for (const relation of entity.relations ?? []) {
        servedRelations.add(
          `${ref} ${relation.type} ${relation.targetRef}`.toLowerCase(),
        );
      }
    }
    cursor = page.pageInfo.nextCursor;
  }
  for (const ref of expected.keys()) {
    if (!seen.has(ref)) problems.push(`${ref} is missing`);
  }
  const wantedRelations = new Set(relations);
  for (const relation of wantedRelations) {
    if (!servedRelations.has(relation))
      problems.push(`relation missing: ${relation}`);
  }
  for (const relation of servedRelations) {
    if (!wantedRelations.has(relation))
      problems.push(`unexpected relation: ${relation}`);
  }
  return {
    ok: problems.length === 0,
    entities: seen.size,
    relations: servedRelations.size,
    problems,
  };
}
