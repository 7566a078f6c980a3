import { z } from 'zod';

/** Shortest and longest name a golden path accepts for a new entity. */
export const ENTITY_NAME_MIN_LENGTH = 3;
/**
 * Names end up in Kubernetes objects, DNS labels, package names and derived
 * entity names such as `<name>-api`, so they stay well under the 63 characters
 * of a DNS label.
 */
export const ENTITY_NAME_MAX_LENGTH = 40;

/**
 * Lowercase words of letters and digits joined by single hyphens. The same
 * pattern is written into the templates' parameter schemas, so the scaffolder
 * API refuses a request that does not match it before any step runs.
 */
export const ENTITY_NAME_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

const NAME_REGEX = new RegExp(ENTITY_NAME_PATTERN);

/** The rules for the name of a new component, as a user reads them. */
export const entityNameSchema = z
  .string({ error: 'Enter a name.' })
  .min(1, { error: 'Enter a name.' })
  .min(ENTITY_NAME_MIN_LENGTH, {
    error: `Use at least ${ENTITY_NAME_MIN_LENGTH} characters.`,
  })
  .max(ENTITY_NAME_MAX_LENGTH, {
    error: `Use at most ${ENTITY_NAME_MAX_LENGTH} characters.`,
  })
  .regex(NAME_REGEX, {
    error:
      'Use lowercase letters, digits and single hyphens, starting and ending with a letter or digit (for example payment-reminders).',
  });

/**
 * Says what is wrong with a proposed name, or returns undefined when the name
 * follows the rules. Whether the name is still free is a separate question,
 * answered by the catalog.
 */
export function describeEntityNameProblem(name: unknown): string | undefined {
  const result = entityNameSchema.safeParse(name);
  return result.success ? undefined : result.error.issues[0].message;
}
