import type { z } from 'zod';

/**
 * One readable sentence per problem, e.g.
 * `events[2].finishedAt: must be an ISO 8601 timestamp with a time zone`.
 */
export function formatZodError(error: z.ZodError, maxIssues = 5): string {
  const issues = error.issues.slice(0, maxIssues).map(issue => {
    const path = issue.path
      .map((part, index) =>
        typeof part === 'number'
          ? `[${part}]`
          : `${index === 0 ? '' : '.'}${String(part)}`,
      )
      .join('');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - issues.length;
  return `${issues.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`;
}
