import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import type { PolicyVerdict } from '@internal/plugin-databases-common';
import {
  AuditRecord,
  DatabaseRecord,
  DatabaseRecordStatus,
  DatabasesStore,
  HealthSample,
  LIVE_DATABASE_STATUSES,
  OutboxKind,
  OutboxRecord,
  RequestKind,
  RequestRecord,
  RUNNABLE_REQUEST_STATUSES,
} from './DatabasesStore';

const DATABASES = 'databases_databases';
const REQUESTS = 'databases_requests';
const AUDIT = 'databases_audit';
const OUTBOX = 'databases_outbox';
const SAMPLES = 'databases_health_samples';

/** PostgreSQL returns bigint columns as strings; SQLite as numbers. */
function num(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}
function str(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}
function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}
function json<T>(value: unknown): T | undefined {
  return typeof value === 'string' ? (JSON.parse(value) as T) : undefined;
}

function toDatabase(row: any): DatabaseRecord {
  return {
    id: row.id,
    name: row.name,
    environment: row.environment,
    activeKey: str(row.active_key),
    ownerRef: row.owner_ref,
    componentRef: row.component_ref,
    systemRef: str(row.system_ref),
    requestedBy: row.requested_by,
    size: row.size,
    region: row.region,
    backupRetentionDays: Number(row.backup_retention_days),
    highAvailability: bool(row.high_availability),
    monthlyCostUsd: Number(row.monthly_cost_usd),
    roleName: row.role_name,
    databaseName: row.database_name,
    status: row.status,
    openRequestId: str(row.open_request_id),
    dropAfter: num(row.drop_after),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    provisionedAt: num(row.provisioned_at),
    health: row.health_state
      ? {
          state: row.health_state,
          checkedAt: Number(row.health_checked_at),
          reachable: bool(row.health_reachable),
          sizeBytes: num(row.health_size_bytes),
          connections: num(row.health_connections),
          message: str(row.health_message),
        }
      : undefined,
    healthNotifiedState: str(row.health_notified_state),
  };
}

const DATABASE_COLUMNS: Record<string, string> = {
  name: 'name',
  environment: 'environment',
  activeKey: 'active_key',
  ownerRef: 'owner_ref',
  componentRef: 'component_ref',
  systemRef: 'system_ref',
  requestedBy: 'requested_by',
  size: 'size',
  region: 'region',
  backupRetentionDays: 'backup_retention_days',
  highAvailability: 'high_availability',
  monthlyCostUsd: 'monthly_cost_usd',
  roleName: 'role_name',
  databaseName: 'database_name',
  status: 'status',
  openRequestId: 'open_request_id',
  dropAfter: 'drop_after',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  provisionedAt: 'provisioned_at',
  healthNotifiedState: 'health_notified_state',
};

function databaseColumns(patch: Record<string, unknown>) {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (key === 'health') {
      const health = value as DatabaseRecord['health'];
      row.health_state = health?.state ?? null;
      row.health_checked_at = health?.checkedAt ?? null;
      row.health_reachable = health?.reachable ?? null;
      row.health_size_bytes = health?.sizeBytes ?? null;
      row.health_connections = health?.connections ?? null;
      row.health_message = health?.message ?? null;
      continue;
    }
    const column = DATABASE_COLUMNS[key];
    if (!column) throw new Error(`Unknown database field ${key}`);
    row[column] = value;
  }
  return row;
}

function toRequest(row: any): RequestRecord {
  return {
    id: row.id,
    kind: row.kind,
    databaseId: row.database_id,
    requestedBy: row.requested_by,
    componentRef: row.component_ref,
    ownerRef: row.owner_ref,
    name: row.name,
    environment: row.environment,
    size: row.size,
    previousSize: str(row.previous_size) as RequestRecord['previousSize'],
    region: row.region,
    backupRetentionDays: Number(row.backup_retention_days),
    highAvailability: bool(row.high_availability),
    justification: str(row.justification),
    monthlyCostUsd: Number(row.monthly_cost_usd),
    verdict: json<PolicyVerdict>(row.verdict),
    status: row.status,
    statusMessage: str(row.status_message),
    step: str(row.step),
    attempts: Number(row.attempts),
    nextAttemptAt: num(row.next_attempt_at),
    leaseOwner: str(row.lease_owner),
    leaseExpiresAt: num(row.lease_expires_at),
    requestedAt: Number(row.requested_at),
    decidedAt: num(row.decided_at),
    decidedBy: str(row.decided_by),
    decisionComment: str(row.decision_comment),
    completedAt: num(row.completed_at),
  };
}

const REQUEST_COLUMNS: Record<string, string> = {
  kind: 'kind',
  databaseId: 'database_id',
  requestedBy: 'requested_by',
  componentRef: 'component_ref',
  ownerRef: 'owner_ref',
  name: 'name',
  environment: 'environment',
  size: 'size',
  previousSize: 'previous_size',
  region: 'region',
  backupRetentionDays: 'backup_retention_days',
  highAvailability: 'high_availability',
  justification: 'justification',
  monthlyCostUsd: 'monthly_cost_usd',
  status: 'status',
  statusMessage: 'status_message',
  step: 'step',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  leaseOwner: 'lease_owner',
  leaseExpiresAt: 'lease_expires_at',
  requestedAt: 'requested_at',
  decidedAt: 'decided_at',
  decidedBy: 'decided_by',
  decisionComment: 'decision_comment',
  completedAt: 'completed_at',
};

function requestColumns(patch: Record<string, unknown>) {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (key === 'verdict') {
      row.verdict = value === null ? null : JSON.stringify(value);
      continue;
    }
    const column = REQUEST_COLUMNS[key];
    if (!column) throw new Error(`Unknown request field ${key}`);
    row[column] = value;
  }
  return row;
}

/** {@link DatabasesStore} on the plugin's own database (SQLite or PostgreSQL), with knex. */
export class DatabaseDatabasesStore implements DatabasesStore {
  private constructor(private readonly db: Knex | Knex.Transaction) {}

  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<DatabaseDatabasesStore> {
    if (!options.skipMigrations) {
      await options.knex.migrate.latest({
        directory: DatabaseDatabasesStore.migrationsDirectory(),
      });
    }
    return new DatabaseDatabasesStore(options.knex);
  }

  static migrationsDirectory(): string {
    return resolvePackagePath('@internal/plugin-databases-backend', 'migrations');
  }

  async transaction<T>(fn: (store: DatabasesStore) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) {
      return fn(this);
    }
    return (this.db as Knex).transaction(trx =>
      fn(new DatabaseDatabasesStore(trx)),
    );
  }

  async lockTeam(ownerRef: string): Promise<void> {
    if (this.db.client.config.client === 'pg') {
      await this.db.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
        `databases-team:${ownerRef}`,
      ]);
    }
    // SQLite runs one write transaction at a time, which serializes teams as well.
  }

  async insertDatabase(record: DatabaseRecord): Promise<void> {
    const { id, health, ...rest } = record;
    await this.db(DATABASES).insert({
      id,
      ...databaseColumns({ ...rest, ...(health ? { health } : {}) }),
    });
  }

  async getDatabase(id: string): Promise<DatabaseRecord | undefined> {
    const row = await this.db(DATABASES).where({ id }).first();
    return row ? toDatabase(row) : undefined;
  }

  async listDatabases(filter: {
    componentRef?: string;
    ownerRefs?: string[];
    statuses?: DatabaseRecordStatus[];
  }): Promise<DatabaseRecord[]> {
    const query = this.db(DATABASES).orderBy('created_at', 'asc');
    if (filter.componentRef) query.where('component_ref', filter.componentRef);
    if (filter.ownerRefs) query.whereIn('owner_ref', filter.ownerRefs);
    if (filter.statuses) query.whereIn('status', filter.statuses);
    return (await query).map(toDatabase);
  }

  async updateDatabase(
    id: string,
    patch: Record<string, unknown>,
    where?: { statuses?: DatabaseRecordStatus[]; openRequestId?: string | null },
  ): Promise<number> {
    const query = this.db(DATABASES).where({ id });
    if (where?.statuses) query.whereIn('status', where.statuses);
    if (where?.openRequestId === null) query.whereNull('open_request_id');
    else if (where?.openRequestId) {
      query.where('open_request_id', where.openRequestId);
    }
    return query.update(databaseColumns(patch));
  }

  async isNameTaken(activeKey: string): Promise<boolean> {
    const row = await this.db(DATABASES)
      .where({ active_key: activeKey })
      .first('id');
    return Boolean(row);
  }

  async teamUsage(
    ownerRef: string,
    excludeDatabaseId?: string,
  ): Promise<{ monthlyCostUsd: number; databaseCount: number }> {
    const query = this.db(DATABASES)
      .where('owner_ref', ownerRef)
      .whereIn('status', LIVE_DATABASE_STATUSES);
    if (excludeDatabaseId) query.whereNot('id', excludeDatabaseId);
    const [row] = await query
      .sum({ cost: 'monthly_cost_usd' })
      .count({ count: 'id' });
    return {
      monthlyCostUsd: Number(row?.cost ?? 0),
      databaseCount: Number(row?.count ?? 0),
    };
  }

  async databasesDueForDrop(now: number): Promise<DatabaseRecord[]> {
    const rows = await this.db(DATABASES)
      .where('status', 'decommissioning')
      .whereNotNull('drop_after')
      .where('drop_after', '<=', now)
      .whereNull('open_request_id');
    return rows.map(toDatabase);
  }

  async insertRequest(record: RequestRecord): Promise<void> {
    const { id, ...rest } = record;
    await this.db(REQUESTS).insert({ id, ...requestColumns(rest) });
  }

  async getRequest(id: string): Promise<RequestRecord | undefined> {
    const row = await this.db(REQUESTS).where({ id }).first();
    return row ? toRequest(row) : undefined;
  }

  async listRequests(filter: {
    statuses?: string[];
    kinds?: RequestKind[];
    requestedBy?: string;
    databaseId?: string;
    limit?: number;
  }): Promise<RequestRecord[]> {
    const query = this.db(REQUESTS)
      .orderBy('requested_at', 'desc')
      .limit(filter.limit ?? 200);
    if (filter.statuses) query.whereIn('status', filter.statuses);
    if (filter.kinds) query.whereIn('kind', filter.kinds);
    if (filter.requestedBy) query.where('requested_by', filter.requestedBy);
    if (filter.databaseId) query.where('database_id', filter.databaseId);
    return (await query).map(toRequest);
  }

  async updateRequest(
    id: string,
    patch: Record<string, unknown>,
    where?: { statuses?: string[]; leaseOwner?: string },
  ): Promise<number> {
    const query = this.db(REQUESTS).where({ id });
    if (where?.statuses) query.whereIn('status', where.statuses);
    if (where?.leaseOwner) query.where('lease_owner', where.leaseOwner);
    return query.update(requestColumns(patch));
  }

  async claimRequest(
    id: string,
    owner: string,
    now: number,
    leaseMs: number,
  ): Promise<boolean> {
    // One conditional UPDATE: on both engines only one of two racing replicas changes the row.
    const changed = await this.db(REQUESTS)
      .where({ id })
      .whereIn('status', RUNNABLE_REQUEST_STATUSES)
      .where(q =>
        q.whereNull('lease_owner').orWhere('lease_expires_at', '<', now),
      )
      .update({ lease_owner: owner, lease_expires_at: now + leaseMs });
    return changed === 1;
  }

  async listRunnableRequestIds(now: number, limit: number): Promise<string[]> {
    const rows = await this.db(REQUESTS)
      .whereIn('status', RUNNABLE_REQUEST_STATUSES)
      .where(q =>
        q.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now),
      )
      .where(q =>
        q.whereNull('lease_owner').orWhere('lease_expires_at', '<', now),
      )
      .orderBy('requested_at', 'asc')
      .limit(limit)
      .select('id');
    return rows.map(row => row.id);
  }

  async insertAudit(entry: Omit<AuditRecord, 'id'>): Promise<void> {
    await this.db(AUDIT).insert({
      database_id: entry.databaseId,
      request_id: entry.requestId ?? null,
      actor: entry.actor,
      action: entry.action,
      message: entry.message,
      verdict: entry.verdict ? JSON.stringify(entry.verdict) : null,
      at: entry.at,
    });
  }

  async listAudit(databaseId: string): Promise<AuditRecord[]> {
    const rows = await this.db(AUDIT)
      .where({ database_id: databaseId })
      .orderBy([
        { column: 'at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(row => ({
      id: Number(row.id),
      databaseId: row.database_id,
      requestId: str(row.request_id),
      actor: row.actor,
      action: row.action,
      message: row.message,
      verdict: json<PolicyVerdict>(row.verdict),
      at: Number(row.at),
    }));
  }

  async insertOutbox(kind: OutboxKind, payload: unknown, now: number) {
    await this.db(OUTBOX).insert({
      kind,
      payload: JSON.stringify(payload),
      created_at: now,
      next_attempt_at: now,
      attempts: 0,
    });
  }

  async listDueOutbox(now: number, limit: number): Promise<OutboxRecord[]> {
    const rows = await this.db(OUTBOX)
      .whereNull('delivered_at')
      .where('next_attempt_at', '<=', now)
      .orderBy('id', 'asc')
      .limit(limit);
    return rows.map(row => ({
      id: Number(row.id),
      kind: row.kind,
      payload: JSON.parse(row.payload),
      attempts: Number(row.attempts),
      nextAttemptAt: Number(row.next_attempt_at),
    }));
  }

  async claimOutbox(row: OutboxRecord, until: number): Promise<boolean> {
    const changed = await this.db(OUTBOX)
      .where({ id: row.id, next_attempt_at: row.nextAttemptAt })
      .whereNull('delivered_at')
      .update({ next_attempt_at: until, attempts: row.attempts + 1 });
    return changed === 1;
  }

  async markOutboxDelivered(id: number, now: number): Promise<void> {
    await this.db(OUTBOX).where({ id }).update({ delivered_at: now });
  }

  async insertHealthSample(sample: HealthSample): Promise<void> {
    await this.db(SAMPLES).insert({
      database_id: sample.databaseId,
      at: sample.at,
      reachable: sample.reachable,
      size_bytes: sample.sizeBytes ?? null,
      connections: sample.connections ?? null,
    });
  }

  async listHealthSamples(
    databaseId: string,
    since: number,
  ): Promise<HealthSample[]> {
    const rows = await this.db(SAMPLES)
      .where({ database_id: databaseId })
      .where('at', '>=', since)
      .orderBy('at', 'asc');
    return rows.map(row => ({
      databaseId: row.database_id,
      at: Number(row.at),
      reachable: bool(row.reachable),
      sizeBytes: num(row.size_bytes),
      connections: num(row.connections),
    }));
  }

  async pruneHealthSamples(before: number): Promise<void> {
    await this.db(SAMPLES).where('at', '<', before).delete();
  }
}
