import { z } from 'zod';

/**
 * What CI pipelines and incident tools send. Objects are strict: a misspelt field
 * (`finished_at`) is an error, not silently ignored.
 */

/** The sender's own id for an event: printable ASCII, no spaces. */
const eventId = z
  .string()
  .regex(
    /^[\x21-\x7e]{1,200}$/,
    'must be 1 to 200 printable characters without spaces',
  );

/** `component:default/checkout-service`, `default/checkout-service` or `checkout-service`. */
const entityRef = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\s]+$/, 'must be an entity reference such as component:default/checkout-service');

/** An ISO 8601 timestamp with a time zone (`Z` or an offset such as `+02:00`). */
const timestamp = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 timestamp with a time zone, e.g. 2026-03-01T12:00:00Z',
});

const url = z.url().max(2000);

export const DEPLOYMENT_OUTCOMES = [
  'success',
  'failure',
  'rolled_back',
  'cancelled',
] as const;

export type DeploymentOutcome = (typeof DEPLOYMENT_OUTCOMES)[number];

/** At most this many commits in one deployment event. */
export const MAX_COMMITS_PER_DEPLOYMENT = 1000;

/** At most this many events in one request. */
export const MAX_EVENTS_PER_REQUEST = 500;

export const commitSchema = z.strictObject({
  sha: z
    .string()
    .regex(/^[0-9a-fA-F]{7,64}$/, 'must be a hexadecimal commit SHA'),
  committedAt: timestamp,
});

export const deploymentEventSchema = z
  .strictObject({
    eventId,
    entityRef,
    environment: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9._-]{0,62}$/,
        'must be a lower-case name such as production or staging',
      ),
    version: z.string().min(1).max(128),
    commits: z.array(commitSchema).max(MAX_COMMITS_PER_DEPLOYMENT).default([]),
    startedAt: timestamp.optional(),
    finishedAt: timestamp,
    outcome: z.enum(DEPLOYMENT_OUTCOMES),
    url: url.optional(),
  })
  .refine(
    e => !e.startedAt || Date.parse(e.startedAt) <= Date.parse(e.finishedAt),
    { message: 'startedAt must not be after finishedAt', path: ['startedAt'] },
  );

export type DeploymentEvent = z.infer<typeof deploymentEventSchema>;

export const INCIDENT_SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;

export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const incidentEventSchema = z
  .strictObject({
    /** The incident's id in the sender's tool; re-send it with `resolvedAt` when resolved. */
    eventId,
    entityRef,
    title: z.string().max(300).optional(),
    severity: z.enum(INCIDENT_SEVERITIES),
    openedAt: timestamp,
    resolvedAt: timestamp.nullable().optional(),
    /** The `eventId` of the production deployment that caused it, as its CI sent it. */
    causedByDeployment: eventId.optional(),
    url: url.optional(),
  })
  .refine(
    e => !e.resolvedAt || Date.parse(e.openedAt) <= Date.parse(e.resolvedAt),
    { message: 'resolvedAt must not be before openedAt', path: ['resolvedAt'] },
  );

export type IncidentEvent = z.infer<typeof incidentEventSchema>;

/** Several events in one request: `{ "events": [...] }` with up to 500. */
export function eventBatchSchema<T extends z.ZodType>(event: T) {
  return z.strictObject({
    events: z.array(event).min(1).max(MAX_EVENTS_PER_REQUEST),
  });
}

export type IngestionResult = {
  results: Array<{
    eventId: string;
    /** `created`: stored; `updated`: an incident's resolution or cause changed; `unchanged`: a replay. */
    status: 'created' | 'updated' | 'unchanged';
  }>;
};
