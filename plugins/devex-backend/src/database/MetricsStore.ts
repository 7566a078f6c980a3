/** Whose numbers a dashboard shows. */
export type Selection =
  | { kind: 'organization' }
  | { kind: 'team'; teamRefs: string[] }
  | { kind: 'component'; entityRef: string };

/** Rows are grouped by nothing, by period (days since the window start / period length) or by scope. */
export type Grouping =
  | { by: 'none' }
  | { by: 'period'; startDay: number; periodDays: number }
  | { by: 'scope' };

export type CountRow = { group: string; metric: string; bucket: number; n: number };

export type MedianRow = { group: string; count: number; median?: number };

export type DayRange = { fromDay: number; toDay: number };

export type TimeRange = { fromMs: number; toMs: number };

/** The dashboards' read side: every aggregate is computed in SQL. */
export interface MetricsStore {
  /** Counts from the rollups (deployments, attempts, failed changes, incidents by severity). */
  rollupCounts(scopes: string[], range: DayRange, grouping: Grouping): Promise<CountRow[]>;
  /** Medians of a duration histogram (lead_time, restore_time). */
  rollupMedians(
    scopes: string[],
    metric: string,
    range: DayRange,
    grouping: Grouping,
  ): Promise<MedianRow[]>;
  /** How many durations fall in each of the DURATION_RANGES. */
  rollupRanges(scopes: string[], metric: string, range: DayRange): Promise<number[]>;
  /** Entities with at least one successful production deployment in the range. */
  entitiesDeploying(entityScopes: string[] | 'all', range: DayRange): Promise<number>;
  /** The rollup scopes (`entity:<ref>`) of every entity with a successful production deployment in the range. */
  deployingEntityScopes(range: DayRange): Promise<string[]>;
  /** Rollup scopes of the entities these groups own, each with its owner. */
  ownedEntityScopes(ownerRefs: string[]): Promise<Map<string, string>>;
  /** Whether anything was ever received for these scopes. */
  hasRollupData(scopes: string[], metric: string): Promise<boolean>;
  openIncidents(selection: Selection): Promise<number>;

  timeToFirstValue(
    selection: Selection,
    range: TimeRange,
    waitingSince: number,
  ): Promise<{
    median?: number;
    measured: number;
    waiting: number;
    entities: Array<{
      entityRef: string;
      title?: string;
      createdAt: number;
      firstProductionAt?: number;
      seconds?: number;
    }>;
  }>;

  scaffolderRuns(
    selection: Selection,
    range: TimeRange,
    periodMs: number,
  ): Promise<{
    byStatus: Record<string, number>;
    medianDurationSeconds?: number;
    byTemplate: Array<{
      templateRef: string;
      title?: string;
      runs: number;
      succeeded: number;
      finished: number;
      medianDurationSeconds?: number;
    }>;
    series: Array<{ period: number; runs: number; succeeded: number }>;
  }>;

  databaseRequests(
    selection: Selection,
    range: TimeRange,
  ): Promise<{
    byStatus: Record<string, number>;
    medianLeadTimeSeconds?: number;
    medianApprovalWaitSeconds?: number;
  }>;

  /** People active in the range; the per-day series only when asked for. */
  activeUsers(
    selection: Selection,
    range: DayRange,
    options?: { series: boolean },
  ): Promise<{
    activeUsers: number;
    sessions: number;
    pageViews: number;
    series: Array<{ day: number; users: number }>;
  }>;
  activeUsersByTeam(teamRefs: string[], range: DayRange): Promise<Map<string, number>>;
  members(teamRefs: string[]): Promise<number>;

  pulseSummary(
    selection: Selection,
    range: DayRange,
  ): Promise<{
    averageScore?: number;
    responses: number;
    respondents: number;
    dismissals: number;
    distribution: Array<{ score: number; count: number }>;
  }>;
  pulseByTeam(teamRefs: string[], range: DayRange): Promise<Map<string, { average: number; respondents: number }>>;
  pulseSeries(
    selection: Selection,
    periods: string[],
  ): Promise<Array<{ period: string; averageScore?: number; responses: number; respondents: number }>>;
  ratings(
    selection: Selection,
    range: DayRange,
  ): Promise<Array<{ kind: string; averageScore?: number; count: number }>>;
  recentComments(
    selection: Selection,
    range: DayRange,
    limit: number,
  ): Promise<
    Array<{ id: string; kind: string; score: number; comment: string; createdAt: number; userRef: string }>
  >;

  catalogDaily(
    scopes: string[],
    range: DayRange,
  ): Promise<
    Array<{
      day: number;
      components: number;
      fromTemplate: number;
      withOwner: number;
      withDocs: number;
      withCi: number;
      withLifecycle: number;
      monthlyCostUsd: number;
    }>
  >;

  resourceCosts(
    filter: { ownerRefs?: string[]; entityRefs?: string[] },
  ): Promise<
    Array<{
      entityRef: string;
      title: string;
      type: string;
      ownerRef?: string;
      monthlyUsd: number;
      costClass?: string;
      source: string;
    }>
  >;

  recentDeployments(
    entityRef: string,
    limit: number,
  ): Promise<
    Array<{
      eventId: string;
      environment: string;
      version: string;
      outcome: string;
      finishedAt: number;
      commits: number;
      incidentCount: number;
      isProduction: boolean;
      url?: string;
    }>
  >;
}
