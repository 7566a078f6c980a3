import { z } from 'zod';

/**
 * A reference to a group in the default namespace, as the owner picker writes
 * it: `group:default/team-checkout`.
 */
export const OWNER_REF_PATTERN = '^group:default/[a-z0-9]+([-_.][a-z0-9]+)*$';

/** A reference to a system in the default namespace: `system:default/checkout`. */
export const SYSTEM_REF_PATTERN = '^system:default/[a-z0-9]+([-_.][a-z0-9]+)*$';

export const ownerRefSchema = z
  .string({ error: 'Pick the team that will own it.' })
  .regex(new RegExp(OWNER_REF_PATTERN), {
    error:
      'Pick the owning team from the list (a group reference such as group:default/team-checkout).',
  });

export const systemRefSchema = z
  .string()
  .regex(new RegExp(SYSTEM_REF_PATTERN), {
    error:
      'Pick the system from the list (a system reference such as system:default/checkout).',
  });

/**
 * The catalog entities a golden path creates for a name: the component, and for
 * templates that publish an API definition, the API `<name>-api`. A name is free
 * only when none of them exists yet.
 */
export function entityRefsClaimedBy(
  name: string,
  options: { providesApi?: boolean } = {},
): string[] {
  const refs = [`component:default/${name}`];
  if (options.providesApi) {
    refs.push(`api:default/${name}-api`);
  }
  return refs;
}
