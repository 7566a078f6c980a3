/** What the catalog collector records about an entity. */
export type EntityFacts = {
  entityRef: string;
  kind: string;
  type?: string;
  title?: string;
  ownerRef?: string;
  parentRef?: string;
  lifecycle?: string;
  hasOwner: boolean;
  hasDocs: boolean;
  hasCiAnnotation: boolean;
  sourceTemplate?: string;
  dependsOn?: string[];
  monthlyCostUsd?: number;
  costClass?: string;
  costSource?: string;
};

export type StoredEntity = EntityFacts & {
  firstSeenAt: number;
  lastSeenAt: number;
  deletedAt?: number;
};

export type ScaffolderRun = {
  taskId: string;
  templateRef: string;
  templateTitle?: string;
  status: 'open' | 'processing' | 'completed' | 'failed' | 'cancelled' | string;
  createdBy?: string;
  createdAt: number;
  completedAt?: number;
  entityRef?: string;
  seeded?: boolean;
};

export type DatabaseRequest = {
  requestId: string;
  entityRef?: string;
  componentRef?: string;
  teamRef?: string;
  environment?: string;
  size?: string;
  monthlyCostUsd?: number;
  status: string;
  requestedBy?: string;
  requestedAt: number;
  decidedAt?: number;
  completedAt?: number;
  approvalWaitMs?: number;
  seeded?: boolean;
};

export type CatalogDailyRow = {
  scope: string;
  day: number;
  components: number;
  fromTemplate: number;
  withOwner: number;
  withDocs: number;
  withCi: number;
  withLifecycle: number;
  monthlyCostUsd: number;
  seeded?: boolean;
};

/** Catalog facts, template runs and database requests the portal itself produces. */
export interface PlatformStore {
  /** Replaces the catalog picture: upserts these entities, marks the rest deleted. */
  syncEntities(entities: EntityFacts[], memberships: Array<{ userRef: string; groupRef: string }>, now: number): Promise<void>;
  getEntity(entityRef: string): Promise<StoredEntity | undefined>;
  listEntities(filter: { kind?: string; ownerRefs?: string[] }): Promise<StoredEntity[]>;
  /** The group and every group below it. */
  descendantGroups(groupRef: string): Promise<string[]>;
  /** Writes today's coverage and cost per scope from the current facts. */
  snapshotCatalogDaily(day: number, recentDeploymentSince: number): Promise<void>;
  upsertCatalogDaily(rows: CatalogDailyRow[]): Promise<void>;
  /** Writes rows for days that have none (the demo seed's history never replaces real snapshots). */
  insertCatalogDailyIfMissing(rows: CatalogDailyRow[]): Promise<void>;
  listMemberships(): Promise<Array<{ userRef: string; groupRef: string }>>;

  upsertScaffolderRun(run: ScaffolderRun): Promise<void>;
  getScaffolderRun(taskId: string): Promise<ScaffolderRun | undefined>;
  /** The finished run that created an entity, if a template run did. */
  scaffolderRunCreating(entityRef: string): Promise<ScaffolderRun | undefined>;
  listUnfinishedScaffolderRuns(): Promise<string[]>;
  latestScaffolderRunCreatedAt(): Promise<number | undefined>;

  upsertDatabaseRequest(request: DatabaseRequest): Promise<void>;
  getDatabaseRequest(requestId: string): Promise<DatabaseRequest | undefined>;
  listDatabaseRequestsFinishedFor(userRef: string, since: number): Promise<DatabaseRequest[]>;
  listScaffolderRunsFinishedFor(userRef: string, since: number): Promise<ScaffolderRun[]>;

  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
}
