/** A deployment as ingestion stores it: validated, normalized, times in epoch ms. */
export type NewDeployment = {
  sender: string;
  eventId: string;
  payloadHash: string;
  entityRef: string;
  teamRef?: string;
  environment: string;
  isProduction: boolean;
  version: string;
  outcome: string;
  startedAt?: number;
  finishedAt: number;
  commits: Array<{ sha: string; committedAt: number }>;
  url?: string;
  receivedAt: number;
};

export type NewIncident = {
  sender: string;
  eventId: string;
  payloadHash: string;
  entityRef: string;
  teamRef?: string;
  severity: string;
  title?: string;
  openedAt: number;
  resolvedAt?: number;
  /** The event id of the deployment that caused it (any sender), for this entity. */
  causedByDeployment?: string;
  url?: string;
  receivedAt: number;
};

export type RecordStatus = 'created' | 'updated' | 'unchanged';

/** Deployments and incidents, and the daily rollups that are kept in step with them. */
export interface EventStore {
  /**
   * Stores a batch in one transaction. A replay (same sender, event id and content)
   * is `unchanged`; the same id with other content throws ConflictError and nothing
   * of the batch is stored.
   */
  recordDeployments(
    deployments: NewDeployment[],
  ): Promise<Array<{ eventId: string; status: RecordStatus }>>;

  /**
   * Stores a batch in one transaction. An incident may be re-sent with its
   * resolution, severity, title, cause or link changed (`updated`); a different
   * entity or opening time under the same id throws ConflictError. An unknown
   * `causedByDeployment` throws InputError.
   */
  recordIncidents(
    incidents: NewIncident[],
  ): Promise<Array<{ eventId: string; status: RecordStatus }>>;

  /** Recomputes the rollups from the raw rows. */
  rebuildRollups(): Promise<void>;

  /** Moves the stored dashboard windows to end on the given (last complete) day. */
  advanceWindows(lastCompleteDay: number): Promise<'moved' | 'filled' | 'current'>;
}
