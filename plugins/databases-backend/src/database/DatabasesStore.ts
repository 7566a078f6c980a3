import type {
  DatabaseEnvironment,
  DatabaseSize,
  DatabaseStatus,
  DatabaseRequestStatus,
  PolicyVerdict,
} from '@internal/plugin-databases-common';

/**
 * What a request does. Only create and resize are asked for by people (and checked by
 * policy); the others are day-2 operations and clean-ups, run by the same resumable worker.
 */
export type RequestKind =
  | 'create'
  | 'resize'
  | 'rotate'
  | 'decommission'
  | 'restore'
  | 'drop';

/** Database states inside the backend; `requested` and `rejected` precede provisioning. */
export type DatabaseRecordStatus = DatabaseStatus | 'requested' | 'rejected';

export type DatabaseRecord = {
  id: string;
  name: string;
  environment: DatabaseEnvironment;
  activeKey?: string;
  ownerRef: string;
  componentRef: string;
  systemRef?: string;
  requestedBy: string;
  size: DatabaseSize;
  region: string;
  backupRetentionDays: number;
  highAvailability: boolean;
  monthlyCostUsd: number;
  roleName: string;
  databaseName: string;
  status: DatabaseRecordStatus;
  openRequestId?: string;
  dropAfter?: number;
  createdAt: number;
  updatedAt: number;
  provisionedAt?: number;
  health?: {
    state: 'ok' | 'unreachable' | 'over-class';
    checkedAt: number;
    reachable: boolean;
    sizeBytes?: number;
    connections?: number;
    message?: string;
  };
  healthNotifiedState?: string;
};

export type RequestRecord = {
  id: string;
  kind: RequestKind;
  databaseId: string;
  requestedBy: string;
  componentRef: string;
  ownerRef: string;
  name: string;
  environment: DatabaseEnvironment;
  size: DatabaseSize;
  previousSize?: DatabaseSize;
  region: string;
  backupRetentionDays: number;
  highAvailability: boolean;
  justification?: string;
  monthlyCostUsd: number;
  verdict?: PolicyVerdict;
  status: DatabaseRequestStatus;
  statusMessage?: string;
  /** The last step whose effect is known to be done (a checkpoint). */
  step?: string;
  attempts: number;
  nextAttemptAt?: number;
  leaseOwner?: string;
  leaseExpiresAt?: number;
  requestedAt: number;
  decidedAt?: number;
  decidedBy?: string;
  decisionComment?: string;
  completedAt?: number;
};

export type AuditRecord = {
  id: number;
  databaseId: string;
  requestId?: string;
  actor: string;
  action: string;
  message: string;
  verdict?: PolicyVerdict;
  at: number;
};

export type OutboxKind = 'notification' | 'event';

export type OutboxRecord = {
  id: number;
  kind: OutboxKind;
  payload: unknown;
  attempts: number;
  nextAttemptAt: number;
};

export type HealthSample = {
  databaseId: string;
  at: number;
  reachable: boolean;
  sizeBytes?: number;
  connections?: number;
};

/** A partial update; `null` clears a column. */
export type Patch<T> = { [K in keyof T]?: T[K] | null };

/** Statuses of a database that count against its team's budget and database limit. */
export const LIVE_DATABASE_STATUSES: DatabaseRecordStatus[] = [
  'requested',
  'provisioning',
  'active',
  'decommissioning',
];

/** Statuses of a request the worker still has to act on. */
export const RUNNABLE_REQUEST_STATUSES: DatabaseRequestStatus[] = [
  'queued',
  'running',
  'retrying',
];

/**
 * Persistence of the databases plugin. It stores and finds; it never decides policy.
 * Conditional updates return how many rows changed, so callers can tell who won a race.
 */
export interface DatabasesStore {
  /** Runs `fn` in one transaction; on PostgreSQL `lockTeam` serializes a team's requests. */
  transaction<T>(fn: (store: DatabasesStore) => Promise<T>): Promise<T>;
  lockTeam(ownerRef: string): Promise<void>;

  insertDatabase(record: DatabaseRecord): Promise<void>;
  getDatabase(id: string): Promise<DatabaseRecord | undefined>;
  listDatabases(filter: {
    componentRef?: string;
    ownerRefs?: string[];
    statuses?: DatabaseRecordStatus[];
  }): Promise<DatabaseRecord[]>;
  updateDatabase(
    id: string,
    patch: Patch<Omit<DatabaseRecord, 'id'>>,
    where?: {
      statuses?: DatabaseRecordStatus[];
      openRequestId?: string | null;
    },
  ): Promise<number>;
  isNameTaken(activeKey: string): Promise<boolean>;
  teamUsage(
    ownerRef: string,
    excludeDatabaseId?: string,
  ): Promise<{ monthlyCostUsd: number; databaseCount: number }>;
  databasesDueForDrop(now: number): Promise<DatabaseRecord[]>;

  insertRequest(record: RequestRecord): Promise<void>;
  getRequest(id: string): Promise<RequestRecord | undefined>;
  listRequests(filter: {
    statuses?: DatabaseRequestStatus[];
    kinds?: RequestKind[];
    requestedBy?: string;
    databaseId?: string;
    limit?: number;
  }): Promise<RequestRecord[]>;
  updateRequest(
    id: string,
    patch: Patch<Omit<RequestRecord, 'id'>>,
    where?: { statuses?: DatabaseRequestStatus[]; leaseOwner?: string },
  ): Promise<number>;
  /** Takes the lease of a runnable request unless another worker holds a live one. */
  claimRequest(
    id: string,
    owner: string,
    now: number,
    leaseMs: number,
  ): Promise<boolean>;
  /** Requests that are due and not leased by a live worker, oldest first. */
  listRunnableRequestIds(now: number, limit: number): Promise<string[]>;

  insertAudit(entry: Omit<AuditRecord, 'id'>): Promise<void>;
  listAudit(databaseId: string): Promise<AuditRecord[]>;

  insertOutbox(kind: OutboxKind, payload: unknown, now: number): Promise<void>;
  listDueOutbox(now: number, limit: number): Promise<OutboxRecord[]>;
  /**
   * Takes an outbox row for delivery until `until` (another replica skips it meanwhile);
   * false when someone else took it first.
   */
  claimOutbox(row: OutboxRecord, until: number): Promise<boolean>;
  markOutboxDelivered(id: number, now: number): Promise<void>;

  insertHealthSample(sample: HealthSample): Promise<void>;
  listHealthSamples(databaseId: string, since: number): Promise<HealthSample[]>;
  pruneHealthSamples(before: number): Promise<void>;
}
