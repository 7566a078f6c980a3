import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DeploymentEvent,
  deploymentEventSchema,
  eventBatchSchema,
  formatZodError,
  IncidentEvent,
  incidentEventSchema,
  IngestionResult,
} from '@internal/plugin-devex-common';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EventStore, NewDeployment, NewIncident } from '../database/EventStore';
import { Clock } from '../lib/time';
import { lowerRef } from './CatalogCollector';

/** How far in the future a sender's clock may run. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Anything before this is a mistake (an epoch of 0, seconds sent as milliseconds). */
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter(k => (value as any)[k] !== undefined)
      .map(k => `${JSON.stringify(k)}:${canonicalJson((value as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function parseBatch<T extends z.ZodType>(schema: T, body: unknown): Array<z.infer<T>> {
  const batch = !!body && typeof body === 'object' && !Array.isArray(body) && 'events' in body;
  const result = batch
    ? eventBatchSchema(schema).safeParse(body)
    : schema.safeParse(body);
  if (!result.success) {
    throw new InputError(`Invalid event: ${formatZodError(result.error)}`);
  }
  const events = batch
    ? (result.data as { events: Array<z.infer<T>> }).events
    : [result.data as z.infer<T>];
  const seen = new Set<string>();
  for (const event of events) {
    const id = (event as { eventId: string }).eventId;
    if (seen.has(id)) {
      throw new InputError(`Invalid event: eventId '${id}' appears more than once in this request.`);
    }
    seen.add(id);
  }
  return events;
}

/**
 * Takes deployments and incidents from senders (CI pipelines, incident tools):
 * validates them against the schema, the catalog and the clock, and stores them
 * idempotently. Nothing of a request is stored unless all of it is valid.
 */
export class IngestionService {
  constructor(
    private readonly store: EventStore,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly productionEnvironments: string[],
    private readonly clock: Clock,
  ) {}

  private normalizeRef(ref: string, index: number, total: number): string {
    const where = total > 1 ? `events[${index}].entityRef` : 'entityRef';
    let parsed;
    try {
      parsed = parseEntityRef(ref, { defaultKind: 'component', defaultNamespace: 'default' });
    } catch {
      throw new InputError(`Invalid event: ${where}: '${ref}' is not an entity reference such as component:default/checkout-service.`);
    }
    if (['group', 'user', 'location', 'template'].includes(parsed.kind.toLocaleLowerCase('en-US'))) {
      throw new InputError(
        `Invalid event: ${where}: deployments and incidents belong to components or resources, not to a ${parsed.kind}.`,
      );
    }
    return lowerRef(stringifyEntityRef(parsed));
  }

  /** The catalog entities, by lower-case ref; refuses refs the catalog does not have. */
  private async resolveEntities(refs: string[]): Promise<Map<string, Entity>> {
    const unique = [...new Set(refs)];
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: unique, fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.owner'] },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    const found = new Map<string, Entity>();
    items.forEach((entity, index) => {
      if (entity) found.set(unique[index], entity);
    });
    const missing = unique.filter(ref => !found.has(ref));
    if (missing.length > 0) {
      throw new InputError(
        `Unknown entity ${missing.map(m => `'${m}'`).join(', ')}: it is not in the catalog. Register it first or check the spelling.`,
      );
    }
    return found;
  }

  private ownerOf(entity: Entity): string | undefined {
    const owner = entity.spec?.owner;
    if (typeof owner !== 'string') return undefined;
    try {
      return lowerRef(
        stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ),
      );
    } catch {
      return undefined;
    }
  }

  private checkTime(iso: string, field: string, now: number): number {
    const ms = Date.parse(iso);
    if (ms > now + CLOCK_SKEW_MS) {
      throw new InputError(
        `Invalid event: ${field} ${iso} is in the future; send times when things happened, with their time zone.`,
      );
    }
    if (ms < EARLIEST) {
      throw new InputError(`Invalid event: ${field} ${iso} is before the year 2000.`);
    }
    return ms;
  }

  async ingestDeployments(sender: string, body: unknown): Promise<IngestionResult> {
    const events = parseBatch(deploymentEventSchema, body) as DeploymentEvent[];
    const now = this.clock.now().getTime();
    const refs = events.map((e, i) => this.normalizeRef(e.entityRef, i, events.length));
    const entities = await this.resolveEntities(refs);
    const deployments: NewDeployment[] = events.map((e, i) => {
      const at = (field: string) => (events.length > 1 ? `events[${i}].${field}` : field);
      const finishedAt = this.checkTime(e.finishedAt, at('finishedAt'), now);
      const startedAt = e.startedAt ? this.checkTime(e.startedAt, at('startedAt'), now) : undefined;
      const commits = e.commits.map((c, j) => ({
        sha: c.sha.toLowerCase(),
        committedAt: this.checkTime(c.committedAt, at(`commits[${j}].committedAt`), now),
      }));
      const environment = e.environment.toLocaleLowerCase('en-US');
      const normalized = {
        entityRef: refs[i],
        environment,
        version: e.version,
        outcome: e.outcome,
        startedAt,
        finishedAt,
        commits,
        url: e.url,
      };
      return {
        sender,
        eventId: e.eventId,
        payloadHash: hashOf(normalized),
        teamRef: this.ownerOf(entities.get(refs[i])!),
        isProduction: this.productionEnvironments.includes(environment),
        receivedAt: now,
        ...normalized,
      };
    });
    return { results: await this.store.recordDeployments(deployments) };
  }

  async ingestIncidents(sender: string, body: unknown): Promise<IngestionResult> {
    const events = parseBatch(incidentEventSchema, body) as IncidentEvent[];
    const now = this.clock.now().getTime();
    const refs = events.map((e, i) => this.normalizeRef(e.entityRef, i, events.length));
    const entities = await this.resolveEntities(refs);
    const incidents: NewIncident[] = events.map((e, i) => {
      const at = (field: string) => (events.length > 1 ? `events[${i}].${field}` : field);
      const openedAt = this.checkTime(e.openedAt, at('openedAt'), now);
      const resolvedAt = e.resolvedAt ? this.checkTime(e.resolvedAt, at('resolvedAt'), now) : undefined;
      const normalized = {
        entityRef: refs[i],
        severity: e.severity,
        title: e.title,
        openedAt,
        resolvedAt,
        causedByDeployment: e.causedByDeployment,
        url: e.url,
      };
      return {
        sender,
        eventId: e.eventId,
        payloadHash: hashOf(normalized),
        teamRef: this.ownerOf(entities.get(refs[i])!),
        receivedAt: now,
        ...normalized,
      };
    });
    return { results: await this.store.recordIncidents(incidents) };
  }
}
