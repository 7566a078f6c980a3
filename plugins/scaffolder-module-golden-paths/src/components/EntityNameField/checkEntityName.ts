import { CatalogApi } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  describeEntityNameProblem,
  entityRefsClaimedBy,
} from '@internal/plugin-golden-paths-common';

export type EntityNameCheck =
  | { state: 'invalid'; message: string }
  | { state: 'taken'; message: string }
  | { state: 'free'; message: string };

/**
 * The same checks as the golden-path validate step, for the form: the name's
 * format first, then whether the catalog already has an entity the run would
 * create.
 */
export async function checkEntityName(
  catalogApi: Pick<CatalogApi, 'getEntitiesByRefs'>,
  name: string,
  options: { providesApi?: boolean } = {},
): Promise<EntityNameCheck> {
  const problem = describeEntityNameProblem(name);
  if (problem) {
    return { state: 'invalid', message: problem };
  }
  const { items } = await catalogApi.getEntitiesByRefs({
    entityRefs: entityRefsClaimedBy(name, options),
    fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.owner'],
  });
  const taken = items.find(Boolean);
  if (taken) {
    const owner = taken.spec?.owner ? `, owned by ${taken.spec.owner}` : '';
    return {
      state: 'taken',
      message: `${name} is already taken: ${stringifyEntityRef(
        taken,
      )} exists in the catalog${owner}. Choose another name.`,
    };
  }
  return { state: 'free', message: `${name} is free.` };
}
