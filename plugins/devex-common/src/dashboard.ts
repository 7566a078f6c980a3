import { z } from 'zod';
import type { DoraTier } from './dora';
import type { IncidentSeverity } from './ingestion';
import type { SurveyKind } from './surveys';

/** Dashboards look back 7, 30 or 90 days. */
export const DASHBOARD_WINDOWS = [7, 30, 90] as const;
export type DashboardWindow = (typeof DASHBOARD_WINDOWS)[number];
export const DEFAULT_DASHBOARD_WINDOW: DashboardWindow = 30;

export const dashboardQuerySchema = z.strictObject({
  window: z
    .enum(['7', '30', '90'], { error: 'window must be 7, 30 or 90 (days)' })
    .default('30')
    .transform(w => Number(w) as DashboardWindow),
});

/**
 * A span of whole UTC days, both ends included (YYYY-MM-DD). Windows end today:
 * the 7-day window is today and the six days before it.
 */
export type Period = { start: string; end: string; days: number };

export type DoraValue = {
  /** The value in the window; undefined when there is nothing to measure. */
  value?: number;
  /** The value in the window before, for the trend. */
  previous?: number;
  tier?: DoraTier;
  /** How many deployments, commits or incidents the value is computed from. */
  sampleSize: number;
};

export type DoraSummary = {
  /** value: production deployments per service per day. */
  deploymentFrequency: DoraValue & {
    deployments: number;
    perDay: number;
    servicesDeploying: number;
  };
  /** value: seconds from commit to production (median). */
  leadTime: DoraValue;
  /** value: share of production deployments that failed (0..1). */
  changeFailureRate: DoraValue & { failedChanges: number; deployments: number };
  /** value: seconds from incident opened to resolved (median). */
  timeToRestore: DoraValue & { openIncidents: number };
};

export type DoraSeriesPoint = Period & {
  deployments: number;
  deploymentAttempts: number;
  failedChanges: number;
  changeFailureRate?: number;
  leadTimeSeconds?: number;
  timeToRestoreSeconds?: number;
  incidents: number;
};

export type DistributionBucket = { label: string; count: number };

export type IncidentSummary = {
  /** Opened in the window. */
  opened: number;
  /** Open now, whenever they were opened. */
  open: number;
  bySeverity: Record<IncidentSeverity, number>;
};

export type AdoptionCounts = {
  components: number;
  fromTemplate: number;
  withOwner: number;
  withDocs: number;
  withCi: number;
  withLifecycle: number;
};

export type AdoptionSummary = AdoptionCounts & {
  series: Array<AdoptionCounts & { day: string }>;
};

export type TimeToFirstValueSummary = {
  /** Median seconds from an entity's creation to its first production deployment. */
  medianSeconds?: number;
  previousMedianSeconds?: number;
  /** Entities whose first production deployment was in the window. */
  measured: number;
  /** Entities created in the last 90 days without a production deployment yet. */
  waiting: number;
  entities: Array<{
    entityRef: string;
    title?: string;
    createdAt: string;
    firstProductionAt?: string;
    seconds?: number;
  }>;
};

export type ScaffolderSummary = {
  runs: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  successRate?: number;
  previousSuccessRate?: number;
  medianDurationSeconds?: number;
  byTemplate: Array<{
    templateRef: string;
    title?: string;
    runs: number;
    succeeded: number;
    successRate?: number;
    medianDurationSeconds?: number;
  }>;
  series: Array<Period & { runs: number; succeeded: number }>;
};

export type DatabaseRequestSummary = {
  requests: number;
  provisioned: number;
  refused: number;
  failed: number;
  awaitingApproval: number;
  refusalRate?: number;
  medianLeadTimeSeconds?: number;
  medianApprovalWaitSeconds?: number;
};

export type ActiveUsersSummary = {
  activeUsers: number;
  previous: number;
  /** Members of the team(s); undefined for the organization. */
  members?: number;
  sessions: number;
  pageViews: number;
  series: Array<{ day: string; users: number }>;
};

export type SurveyComment = {
  id: string;
  kind: SurveyKind;
  score: number;
  comment: string;
  createdAt: string;
  /** Only for platform admins. */
  author?: string;
};

export type SatisfactionSummary = {
  /** Pulse survey average (1-5) of the periods overlapping the window. */
  averageScore?: number;
  previousAverageScore?: number;
  responses: number;
  dismissals: number;
  /** Users active in those periods, who were asked. */
  askedUsers: number;
  responseRate?: number;
  series: Array<{
    period: string;
    label: string;
    averageScore?: number;
    responses: number;
  }>;
  distribution: Array<{ score: number; count: number }>;
  ratings: Array<{
    kind: Exclude<SurveyKind, 'pulse'>;
    averageScore?: number;
    count: number;
  }>;
  comments: SurveyComment[];
  authorsVisible: boolean;
  /** Set when too few people answered to show a team's results without identifying them. */
  suppressed?: string;
};

export type CostSource =
  | 'annotation'
  | 'size-class'
  | 'configured-class'
  | 'type-default'
  | 'database-request'
  | 'unknown';

export type CostSummary = {
  monthlyUsd: number;
  budgetUsd?: number;
  byTeam: Array<{
    teamRef: string;
    title: string;
    monthlyUsd: number;
    budgetUsd?: number;
  }>;
  byResource: Array<{
    entityRef: string;
    title: string;
    type: string;
    ownerRef?: string;
    monthlyUsd: number;
    costClass?: string;
    source: CostSource;
  }>;
  series: Array<{ day: string; monthlyUsd: number }>;
};

/** One team (organization dashboard) or component (team dashboard) of the breakdown table. */
export type BreakdownRow = {
  ref: string;
  title: string;
  deploymentsPerDay?: number;
  deploymentFrequencyTier?: DoraTier;
  leadTimeSeconds?: number;
  leadTimeTier?: DoraTier;
  changeFailureRate?: number;
  changeFailureRateTier?: DoraTier;
  timeToRestoreSeconds?: number;
  timeToRestoreTier?: DoraTier;
  activeUsers?: number;
  averageScore?: number;
  monthlyCostUsd?: number;
  budgetUsd?: number;
};

export type RecentDeployment = {
  eventId: string;
  environment: string;
  version: string;
  outcome: string;
  finishedAt: string;
  commits: number;
  failedChange: boolean;
  url?: string;
};

export type ComponentFacts = {
  title?: string;
  ownerRef?: string;
  lifecycle?: string;
  sourceTemplate?: string;
  hasDocs: boolean;
  hasCi: boolean;
  createdAt?: string;
  firstProductionAt?: string;
};

export type DashboardScope = {
  kind: 'organization' | 'team' | 'component';
  ref?: string;
  title: string;
  /** Groups whose data is included: the team and the teams below it. */
  teamRefs?: string[];
};

export type DashboardResponse = {
  scope: DashboardScope;
  window: Period & { bucket: 'day' | 'week' };
  previousWindow: Period;
  generatedAt: string;
  /** What has ever been received for this scope, to tell an empty window from no data. */
  hasData: {
    deployments: boolean;
    incidents: boolean;
    surveys: boolean;
    catalog: boolean;
  };
  dora: DoraSummary;
  doraSeries: DoraSeriesPoint[];
  leadTimeDistribution: DistributionBucket[];
  incidents: IncidentSummary;
  platform: {
    adoption: AdoptionSummary;
    timeToFirstValue: TimeToFirstValueSummary;
    scaffolder: ScaffolderSummary;
    databaseRequests: DatabaseRequestSummary;
    activeUsers: ActiveUsersSummary;
  };
  satisfaction: SatisfactionSummary;
  cost: CostSummary;
  breakdown: { kind: 'team' | 'component'; rows: BreakdownRow[] };
  /** Component dashboards only. */
  recentDeployments?: RecentDeployment[];
  facts?: ComponentFacts;
};
