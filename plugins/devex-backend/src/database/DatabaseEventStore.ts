import { ConflictError, InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { durationBucket } from '../lib/histogram';
import {
  EventStore,
  NewDeployment,
  NewIncident,
  RecordStatus,
} from './EventStore';
import { advanceWindows } from './windowStats';
import {
  applyContributions,
  ClaimedCommit,
  Contribution,
  deploymentContributions,
  DeploymentRow,
  incidentContributions,
  IncidentRow,
  rebuildRollups,
} from './rollups';

const CHUNK = 400;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

function idOf(row: unknown): number {
  return Number(typeof row === 'object' && row !== null ? (row as any).id : row);
}

export class DatabaseEventStore implements EventStore {
  private constructor(private readonly db: Knex) {}

  static create(db: Knex): DatabaseEventStore {
    return new DatabaseEventStore(db);
  }

  async recordDeployments(deployments: NewDeployment[]) {
    return this.db.transaction(async trx => {
      const results: Array<{ eventId: string; status: RecordStatus }> = [];
      for (const input of deployments) {
        // bigint columns take whole milliseconds.
        const deployment: NewDeployment = {
          ...input,
          startedAt: input.startedAt === undefined ? undefined : Math.round(input.startedAt),
          finishedAt: Math.round(input.finishedAt),
          receivedAt: Math.round(input.receivedAt),
          commits: input.commits.map(c => ({ ...c, committedAt: Math.round(c.committedAt) })),
        };
        results.push({
          eventId: deployment.eventId,
          status: await this.recordDeployment(trx, deployment),
        });
      }
      return results;
    });
  }

  private async recordDeployment(
    trx: Knex.Transaction,
    d: NewDeployment,
  ): Promise<RecordStatus> {
    const existing = await trx('devex_deployments')
      .where({ sender: d.sender, event_id: d.eventId })
      .first('payload_hash');
    if (existing) {
      if (existing.payload_hash === d.payloadHash) {
        return 'unchanged';
      }
      throw new ConflictError(
        `Deployment event '${d.eventId}' was already recorded with different content; a new deployment needs a new eventId.`,
      );
    }

    const row = {
      sender: d.sender,
      event_id: d.eventId,
      payload_hash: d.payloadHash,
      entity_ref: d.entityRef,
      team_ref: d.teamRef ?? null,
      environment: d.environment,
      is_production: d.isProduction,
      version: d.version,
      outcome: d.outcome,
      started_at: d.startedAt ?? null,
      finished_at: d.finishedAt,
      commit_count: d.commits.length,
      incident_count: 0,
      url: d.url ?? null,
      received_at: d.receivedAt,
    };
    const [inserted] = await trx('devex_deployments').insert(row).returning('id');
    const deploymentId = idOf(inserted);

    // Only a successful production deployment ships commits; each commit counts
    // once per entity, for the first deployment that shipped it.
    let claimed: ClaimedCommit[] = [];
    const shipsCommits = d.isProduction && d.outcome === 'success';
    if (shipsCommits && d.commits.length > 0) {
      const unique = new Map<string, number>();
      for (const commit of d.commits) {
        const sha = commit.sha.toLowerCase();
        const previous = unique.get(sha);
        unique.set(sha, previous === undefined ? commit.committedAt : Math.min(previous, commit.committedAt));
      }
      const commitRows = [...unique.entries()].map(([sha, committedAt]) => {
        const seconds = Math.max(0, (d.finishedAt - committedAt) / 1000);
        return {
          deployment_id: deploymentId,
          entity_ref: d.entityRef,
          sha,
          committed_at: committedAt,
          lead_time_seconds: seconds,
          lead_time_bucket: durationBucket(seconds),
        };
      });
      for (const part of chunks(commitRows, 200)) {
        await trx('devex_deployment_commits')
          .insert(part)
          .onConflict(['entity_ref', 'sha'])
          .ignore();
      }
      claimed = await trx('devex_deployment_commits')
        .where({ deployment_id: deploymentId })
        .select('lead_time_seconds', 'lead_time_bucket');
    }

    await applyContributions(trx, deploymentContributions(row, claimed));
    await this.updateEntityDeployments(trx, d);
    return 'created';
  }

  private async updateEntityDeployments(trx: Knex.Transaction, d: NewDeployment) {
    const production = d.isProduction && d.outcome === 'success' ? d.finishedAt : null;
    const current = await trx('devex_entity_deployments')
      .where({ entity_ref: d.entityRef })
      .first();
    if (!current) {
      await trx('devex_entity_deployments')
        .insert({
          entity_ref: d.entityRef,
          first_production_at: production,
          last_production_at: production,
          last_deployment_at: d.finishedAt,
        })
        .onConflict('entity_ref')
        .ignore();
      return;
    }
    const min = (a: unknown, b: number | null) =>
      a === null || a === undefined ? b : b === null ? Number(a) : Math.min(Number(a), b);
    const max = (a: unknown, b: number | null) =>
      a === null || a === undefined ? b : b === null ? Number(a) : Math.max(Number(a), b);
    await trx('devex_entity_deployments')
      .where({ entity_ref: d.entityRef })
      .update({
        first_production_at: min(current.first_production_at, production),
        last_production_at: max(current.last_production_at, production),
        last_deployment_at: max(current.last_deployment_at, d.finishedAt),
      });
  }

  async recordIncidents(incidents: NewIncident[]) {
    return this.db.transaction(async trx => {
      const results: Array<{ eventId: string; status: RecordStatus }> = [];
      for (const input of incidents) {
        const incident: NewIncident = {
          ...input,
          openedAt: Math.round(input.openedAt),
          resolvedAt: input.resolvedAt === undefined ? undefined : Math.round(input.resolvedAt),
          receivedAt: Math.round(input.receivedAt),
        };
        results.push({
          eventId: incident.eventId,
          status: await this.recordIncident(trx, incident),
        });
      }
      return results;
    });
  }

  private async resolveCause(
    trx: Knex.Transaction,
    incident: NewIncident,
  ): Promise<number | null> {
    if (!incident.causedByDeployment) {
      return null;
    }
    const deployment = await trx('devex_deployments')
      .where({ entity_ref: incident.entityRef, event_id: incident.causedByDeployment })
      .orderBy([
        { column: 'is_production', order: 'desc' },
        { column: 'finished_at', order: 'desc' },
      ])
      .first('id');
    if (!deployment) {
      throw new InputError(
        `causedByDeployment '${incident.causedByDeployment}' is not a deployment of ${incident.entityRef} the portal has received; send the deployment first or leave causedByDeployment out.`,
      );
    }
    return Number(deployment.id);
  }

  private async recordIncident(
    trx: Knex.Transaction,
    i: NewIncident,
  ): Promise<RecordStatus> {
    const existing = await trx('devex_incidents')
      .where({ sender: i.sender, event_id: i.eventId })
      .first();
    if (existing && existing.payload_hash === i.payloadHash) {
      return 'unchanged';
    }
    if (
      existing &&
      (existing.entity_ref !== i.entityRef || Number(existing.opened_at) !== i.openedAt)
    ) {
      throw new ConflictError(
        `Incident '${i.eventId}' was recorded for ${existing.entity_ref} opened at ${new Date(
          Number(existing.opened_at),
        ).toISOString()}; only its resolution, severity, title, cause and url can change.`,
      );
    }
    const causeId = await this.resolveCause(trx, i);
    const row = {
      sender: i.sender,
      event_id: i.eventId,
      payload_hash: i.payloadHash,
      entity_ref: i.entityRef,
      team_ref: existing ? existing.team_ref : i.teamRef ?? null,
      severity: i.severity,
      title: i.title ?? null,
      opened_at: i.openedAt,
      resolved_at: i.resolvedAt ?? null,
      restore_bucket:
        i.resolvedAt === undefined
          ? null
          : durationBucket(Math.max(0, (i.resolvedAt - i.openedAt) / 1000)),
      caused_by_deployment_id: causeId,
      url: i.url ?? null,
      updated_at: i.receivedAt,
    };

    const contributions: Contribution[] = [];
    if (existing) {
      await trx('devex_incidents').where({ id: existing.id }).update(row);
      contributions.push(
        ...negate(incidentContributions(existing as IncidentRow, durationBucket)),
      );
    } else {
      await trx('devex_incidents').insert({ ...row, received_at: i.receivedAt });
    }
    contributions.push(...incidentContributions(row, durationBucket));

    const previousCause =
      existing?.caused_by_deployment_id === null || existing?.caused_by_deployment_id === undefined
        ? null
        : Number(existing.caused_by_deployment_id);
    if (previousCause !== causeId) {
      if (previousCause !== null) {
        contributions.push(...(await this.changeIncidentCount(trx, previousCause, -1)));
      }
      if (causeId !== null) {
        contributions.push(...(await this.changeIncidentCount(trx, causeId, 1)));
      }
    }
    await applyContributions(trx, contributions);
    return existing ? 'updated' : 'created';
  }

  /** A deployment named as an incident's cause becomes a failed change. */
  private async changeIncidentCount(
    trx: Knex.Transaction,
    deploymentId: number,
    delta: number,
  ): Promise<Contribution[]> {
    const before: DeploymentRow | undefined = await trx('devex_deployments')
      .where({ id: deploymentId })
      .first();
    if (!before) {
      return [];
    }
    const after = { ...before, incident_count: Number(before.incident_count) + delta };
    await trx('devex_deployments')
      .where({ id: deploymentId })
      .update({ incident_count: after.incident_count });
    // Commits do not change; only the failed-change count can.
    return [
      ...deploymentContributions(after, []),
      ...negate(deploymentContributions(before, [])),
    ];
  }

  async rebuildRollups() {
    await rebuildRollups(this.db);
  }

  async advanceWindows(lastCompleteDay: number) {
    return advanceWindows(this.db, lastCompleteDay);
  }
}

function negate(contributions: Contribution[]): Contribution[] {
  return contributions.map(c => ({ ...c, n: -c.n, total: -c.total }));
}
