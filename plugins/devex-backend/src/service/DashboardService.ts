import { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BreakdownRow,
  CostSummary,
  DashboardResponse,
  DashboardScope,
  DashboardWindow,
  doraTier,
  INCIDENT_SEVERITIES,
  Period,
  SatisfactionSummary,
} from '@internal/plugin-devex-common';
import { DevexConfig } from '../config';
import { CountRow, DayRange, MedianRow, MetricsStore, Selection } from '../database/MetricsStore';
import { PlatformStore, StoredEntity } from '../database/PlatformStore';
import { entityScope, METRICS, ORG_SCOPE, teamScope } from '../database/rollups';
import { DURATION_RANGES } from '../lib/histogram';
import { recentPulsePeriods } from '../lib/periods';
import { Clock, DAY_MS, dayToIso, epochDay, msToIso } from '../lib/time';
import { CostModel } from './CostModel';
import { lowerRef } from './CatalogCollector';

export type DashboardRequest =
  | { kind: 'organization' }
  | { kind: 'team'; ref: string }
  | { kind: 'component'; ref: string };

type Resolved = {
  scope: DashboardScope;
  selection: Selection;
  rollupScopes: string[];
  /** Entity rollup scopes of the components in the selection, or all of them. */
  entityScopes: string[] | 'all';
  entity?: StoredEntity;
};

function sum(rows: CountRow[], metric: string, group?: string): number {
  return rows
    .filter(r => r.metric === metric && (group === undefined || r.group === group))
    .reduce((total, r) => total + r.n, 0);
}

function ratio(numerator: number, denominator: number): number | undefined {
  return denominator > 0 ? numerator / denominator : undefined;
}

function medianOf(rows: MedianRow[], group: string) {
  return rows.find(r => r.group === group);
}

function periodOf(fromDay: number, toDay: number): Period {
  return { start: dayToIso(fromDay), end: dayToIso(toDay), days: toDay - fromDay + 1 };
}

/** Assembles a dashboard from SQL aggregates; nothing here touches raw events. */
export class DashboardService {
  constructor(
    private readonly metrics: MetricsStore,
    private readonly platform: PlatformStore,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly costModel: CostModel,
    private readonly config: DevexConfig,
    private readonly organizationName: string,
    private readonly clock: Clock,
  ) {}

  /** The entity from the collected facts, or straight from the catalog when it is new. */
  private async lookup(ref: string, kind: string): Promise<StoredEntity | undefined> {
    const stored = await this.platform.getEntity(ref);
    if (stored && !stored.deletedAt) return stored;
    const entity = await this.catalog.getEntityByRef(ref, {
      credentials: await this.auth.getOwnServiceCredentials(),
    });
    if (!entity || entity.kind.toLocaleLowerCase('en-US') !== kind) return undefined;
    const now = this.clock.now().getTime();
    return {
      entityRef: ref,
      kind,
      title: entity.metadata.title ?? entity.metadata.name,
      ownerRef: typeof entity.spec?.owner === 'string'
        ? lowerRef(stringifyEntityRef(parseEntityRef(entity.spec.owner, { defaultKind: 'group', defaultNamespace: 'default' })))
        : undefined,
      lifecycle: typeof entity.spec?.lifecycle === 'string' ? entity.spec.lifecycle : undefined,
      hasOwner: entity.spec?.owner !== undefined,
      hasDocs: Boolean(entity.metadata.annotations?.['backstage.io/techdocs-ref']),
      hasCiAnnotation: false,
      firstSeenAt: now,
      lastSeenAt: now,
    };
  }

  private async resolve(request: DashboardRequest): Promise<Resolved> {
    if (request.kind === 'organization') {
      return {
        scope: { kind: 'organization', title: this.organizationName },
        selection: { kind: 'organization' },
        rollupScopes: [ORG_SCOPE],
        entityScopes: 'all',
      };
    }
    const ref = lowerRef(request.ref);
    if (request.kind === 'team') {
      const group = await this.lookup(ref, 'group');
      if (!group) {
        throw new NotFoundError(`There is no group ${ref} in the catalog.`);
      }
      const teamRefs = await this.platform.descendantGroups(ref);
      const components = await this.platform.listEntities({ kind: 'component', ownerRefs: teamRefs });
      return {
        scope: { kind: 'team', ref, title: group.title ?? ref, teamRefs },
        selection: { kind: 'team', teamRefs },
        rollupScopes: teamRefs.map(teamScope),
        entityScopes: components.map(c => entityScope(c.entityRef)),
        entity: group,
      };
    }
    const component = await this.lookup(ref, 'component');
    if (!component) {
      throw new NotFoundError(`There is no component ${ref} in the catalog.`);
    }
    return {
      scope: { kind: 'component', ref, title: component.title ?? ref },
      selection: { kind: 'component', entityRef: ref },
      rollupScopes: [entityScope(ref)],
      entityScopes: [entityScope(ref)],
      entity: component,
    };
  }

  async dashboard(
    request: DashboardRequest,
    window: DashboardWindow,
    options: { authorsVisible: boolean },
  ): Promise<DashboardResponse> {
    const resolved = await this.resolve(request);
    const { selection, rollupScopes } = resolved;
    const now = this.clock.now().getTime();
    const toDay = epochDay(now);
    const fromDay = toDay - window + 1;
    const prevFrom = fromDay - window;
    const current: DayRange = { fromDay, toDay };
    const previous: DayRange = { fromDay: prevFrom, toDay: fromDay - 1 };
    const bucketDays = window === 90 ? 7 : 1;
    const ms = (range: DayRange) => ({ fromMs: range.fromDay * DAY_MS, toMs: (range.toDay + 1) * DAY_MS - 1 });

    // Both windows at once: group 0 is the previous window, group 1 the current.
    const both: DayRange = { fromDay: prevFrom, toDay };
    const byWindow = { by: 'period' as const, startDay: prevFrom, periodDays: window };
    const bySeries = { by: 'period' as const, startDay: fromDay, periodDays: bucketDays };

    // Everything is asked at once; the sections wait only for what they need.
    const activePromise = this.metrics.activeUsers(selection, current);
    // The organization's deploying services, counted for the DORA cards and per team
    // for the breakdown from one read.
    const deployingScopesPromise =
      resolved.entityScopes === 'all' ? this.metrics.deployingEntityScopes(current) : undefined;
    // Every resource's cost, for the cost section and the organization's breakdown.
    const costsPromise = selection.kind === 'organization' ? this.metrics.resourceCosts({}) : undefined;
    const sectionsPromise = activePromise.then(active =>
      Promise.all([
        this.platformSummary(resolved, current, previous, bucketDays, ms, active),
        this.satisfaction(resolved, current, previous, now, options.authorsVisible, active.activeUsers),
      ]),
    );
    const costPromise = this.cost(resolved, current, costsPromise);
    const breakdownPromise = this.breakdown(resolved, current, deployingScopesPromise, costsPromise);
    // Should the DORA queries below fail first, these still count as handled; the
    // failure is reported once, by the await that sees it.
    [sectionsPromise, costPromise, breakdownPromise, deployingScopesPromise, costsPromise].forEach(p =>
      p?.catch(() => undefined),
    );
    const [
      counts,
      leadTimes,
      restoreTimes,
      seriesCounts,
      seriesLead,
      seriesRestore,
      leadRanges,
      deployingNow,
      deployingBefore,
      openIncidents,
      hasDeployments,
      hasIncidents,
    ] = await Promise.all([
      this.metrics.rollupCounts(rollupScopes, both, byWindow),
      this.metrics.rollupMedians(rollupScopes, METRICS.leadTime, both, byWindow),
      this.metrics.rollupMedians(rollupScopes, METRICS.restoreTime, both, byWindow),
      this.metrics.rollupCounts(rollupScopes, current, bySeries),
      this.metrics.rollupMedians(rollupScopes, METRICS.leadTime, current, bySeries),
      this.metrics.rollupMedians(rollupScopes, METRICS.restoreTime, current, bySeries),
      this.metrics.rollupRanges(rollupScopes, METRICS.leadTime, current),
      deployingScopesPromise
        ? deployingScopesPromise.then(scopes => scopes.length)
        : this.metrics.entitiesDeploying(resolved.entityScopes, current),
      this.metrics.entitiesDeploying(resolved.entityScopes, previous),
      this.metrics.openIncidents(selection),
      this.metrics.hasRollupData(rollupScopes, METRICS.deploymentAttempts),
      this.metrics.hasRollupData(rollupScopes, METRICS.incidents),
    ]);

    const deployments = sum(counts, METRICS.deployments, '1');
    const deploymentsBefore = sum(counts, METRICS.deployments, '0');
    const attempts = sum(counts, METRICS.deploymentAttempts, '1');
    const attemptsBefore = sum(counts, METRICS.deploymentAttempts, '0');
    const failed = sum(counts, METRICS.failedChanges, '1');
    const failedBefore = sum(counts, METRICS.failedChanges, '0');
    const frequency = ratio(deployments, Math.max(deployingNow, 1) * window);
    const frequencyBefore = deploymentsBefore > 0 ? ratio(deploymentsBefore, Math.max(deployingBefore, 1) * window) : undefined;
    const cfr = ratio(failed, attempts);
    const lead = medianOf(leadTimes, '1');
    const restore = medianOf(restoreTimes, '1');

    const periods = Math.ceil(window / bucketDays);
    const doraSeries = Array.from({ length: periods }, (_, index) => {
      const start = fromDay + index * bucketDays;
      const end = Math.min(start + bucketDays - 1, toDay);
      const group = String(index);
      const pointAttempts = sum(seriesCounts, METRICS.deploymentAttempts, group);
      const pointFailed = sum(seriesCounts, METRICS.failedChanges, group);
      return {
        ...periodOf(start, end),
        deployments: sum(seriesCounts, METRICS.deployments, group),
        deploymentAttempts: pointAttempts,
        failedChanges: pointFailed,
        changeFailureRate: ratio(pointFailed, pointAttempts),
        leadTimeSeconds: medianOf(seriesLead, group)?.median,
        timeToRestoreSeconds: medianOf(seriesRestore, group)?.median,
        incidents: sum(seriesCounts, METRICS.incidents, group),
      };
    });

    const bySeverity = Object.fromEntries(
      INCIDENT_SEVERITIES.map((severity, index) => [
        severity,
        counts
          .filter(r => r.metric === METRICS.incidents && r.group === '1' && r.bucket === index + 1)
          .reduce((t, r) => t + r.n, 0),
      ]),
    ) as DashboardResponse['incidents']['bySeverity'];

    const [[platform, satisfaction], cost, breakdown] = await Promise.all([
      sectionsPromise,
      costPromise,
      breakdownPromise,
    ]);

    const response: DashboardResponse = {
      scope: resolved.scope,
      window: { ...periodOf(fromDay, toDay), bucket: bucketDays === 1 ? 'day' : 'week' },
      previousWindow: periodOf(previous.fromDay, previous.toDay),
      generatedAt: new Date(now).toISOString(),
      hasData: {
        deployments: hasDeployments,
        incidents: hasIncidents,
        surveys: satisfaction.responses + satisfaction.dismissals > 0 || satisfaction.series.some(s => s.responses > 0),
        catalog: platform.adoption.components > 0 || resolved.scope.kind === 'component',
      },
      dora: {
        deploymentFrequency: {
          value: deployments > 0 ? frequency : attempts > 0 ? 0 : undefined,
          previous: frequencyBefore,
          tier: doraTier('deploymentFrequency', deployments > 0 ? frequency : attempts > 0 ? 0 : undefined),
          sampleSize: deployments,
          deployments,
          perDay: deployments / window,
          servicesDeploying: deployingNow,
        },
        leadTime: {
          value: lead?.median,
          previous: medianOf(leadTimes, '0')?.median,
          tier: doraTier('leadTime', lead?.median),
          sampleSize: lead?.count ?? 0,
        },
        changeFailureRate: {
          value: cfr,
          previous: ratio(failedBefore, attemptsBefore),
          tier: doraTier('changeFailureRate', cfr),
          sampleSize: attempts,
          failedChanges: failed,
          deployments: attempts,
        },
        timeToRestore: {
          value: restore?.median,
          previous: medianOf(restoreTimes, '0')?.median,
          tier: doraTier('timeToRestore', restore?.median),
          sampleSize: restore?.count ?? 0,
          openIncidents,
        },
      },
      doraSeries,
      leadTimeDistribution: DURATION_RANGES.map((r, index) => ({ label: r.label, count: leadRanges[index] ?? 0 })),
      incidents: { opened: sum(counts, METRICS.incidents, '1'), open: openIncidents, bySeverity },
      platform,
      satisfaction,
      cost,
      breakdown,
    };
    if (resolved.scope.kind === 'component') {
      await this.addComponentDetails(response, resolved);
    }
    return response;
  }

  private async platformSummary(
    resolved: Resolved,
    current: DayRange,
    previous: DayRange,
    bucketDays: number,
    ms: (r: DayRange) => { fromMs: number; toMs: number },
    active: Awaited<ReturnType<MetricsStore['activeUsers']>>,
  ): Promise<DashboardResponse['platform']> {
    const { selection } = resolved;
    const now = this.clock.now().getTime();
    const catalogScopes =
      selection.kind === 'organization'
        ? [ORG_SCOPE]
        : selection.kind === 'team'
          ? selection.teamRefs.map(teamScope)
          : [];
    const [daily, ttfv, ttfvBefore, runs, runsBefore, requests, activeBefore, members] = await Promise.all([
      this.metrics.catalogDaily(catalogScopes, current),
      this.metrics.timeToFirstValue(selection, ms(current), now - 90 * DAY_MS),
      this.metrics.timeToFirstValue(selection, ms(previous), now - 90 * DAY_MS),
      this.metrics.scaffolderRuns(selection, ms(current), bucketDays * DAY_MS),
      this.metrics.scaffolderRuns(selection, ms(previous), bucketDays * DAY_MS),
      this.metrics.databaseRequests(selection, ms(current)),
      this.metrics.activeUsers(selection, previous, { series: false }),
      selection.kind === 'team' ? this.metrics.members(selection.teamRefs) : Promise.resolve(undefined),
    ]);
    const latest = daily[daily.length - 1];
    const status = (s: Record<string, number>, key: string) => s[key] ?? 0;
    const finished = (s: Record<string, number>) => status(s, 'completed') + status(s, 'failed');
    const periods = Math.ceil((current.toDay - current.fromDay + 1) / bucketDays);
    const refused = status(requests.byStatus, 'denied') + status(requests.byStatus, 'rejected');
    const totalRequests = Object.values(requests.byStatus).reduce((a, b) => a + b, 0);
    return {
      adoption: {
        components: latest?.components ?? 0,
        fromTemplate: latest?.fromTemplate ?? 0,
        withOwner: latest?.withOwner ?? 0,
        withDocs: latest?.withDocs ?? 0,
        withCi: latest?.withCi ?? 0,
        withLifecycle: latest?.withLifecycle ?? 0,
        series: daily.map(({ day, monthlyCostUsd, ...counts }) => ({ day: dayToIso(day), ...counts })),
      },
      timeToFirstValue: {
        medianSeconds: ttfv.median,
        previousMedianSeconds: ttfvBefore.median,
        measured: ttfv.measured,
        waiting: ttfv.waiting,
        entities: ttfv.entities.map(e => ({
          entityRef: e.entityRef,
          title: e.title,
          createdAt: msToIso(e.createdAt)!,
          firstProductionAt: msToIso(e.firstProductionAt),
          seconds: e.seconds,
        })),
      },
      scaffolder: {
        runs: Object.values(runs.byStatus).reduce((a, b) => a + b, 0),
        succeeded: status(runs.byStatus, 'completed'),
        failed: status(runs.byStatus, 'failed'),
        cancelled: status(runs.byStatus, 'cancelled'),
        successRate: ratio(status(runs.byStatus, 'completed'), finished(runs.byStatus)),
        previousSuccessRate: ratio(status(runsBefore.byStatus, 'completed'), finished(runsBefore.byStatus)),
        medianDurationSeconds: runs.medianDurationSeconds,
        byTemplate: runs.byTemplate.map(t => ({
          templateRef: t.templateRef,
          title: t.title,
          runs: t.runs,
          succeeded: t.succeeded,
          successRate: ratio(t.succeeded, t.finished),
          medianDurationSeconds: t.medianDurationSeconds,
        })),
        series: Array.from({ length: periods }, (_, index) => {
          const start = current.fromDay + index * bucketDays;
          const point = runs.series.find(s => s.period === index);
          return {
            ...periodOf(start, Math.min(start + bucketDays - 1, current.toDay)),
            runs: point?.runs ?? 0,
            succeeded: point?.succeeded ?? 0,
          };
        }),
      },
      databaseRequests: {
        requests: totalRequests,
        provisioned: status(requests.byStatus, 'provisioned'),
        refused,
        failed: status(requests.byStatus, 'failed'),
        awaitingApproval: status(requests.byStatus, 'awaiting-approval'),
        refusalRate: ratio(refused, totalRequests - status(requests.byStatus, 'awaiting-approval')),
        medianLeadTimeSeconds: requests.medianLeadTimeSeconds,
        medianApprovalWaitSeconds: requests.medianApprovalWaitSeconds,
      },
      activeUsers: {
        activeUsers: active.activeUsers,
        previous: activeBefore.activeUsers,
        members,
        sessions: active.sessions,
        pageViews: active.pageViews,
        series: active.series.map(s => ({ day: dayToIso(s.day), users: s.users })),
      },
    };
  }

  private async satisfaction(
    resolved: Resolved,
    current: DayRange,
    previous: DayRange,
    now: number,
    authorsVisible: boolean,
    activeUsers: number,
  ): Promise<SatisfactionSummary> {
    const { selection } = resolved;
    const periods = recentPulsePeriods(now, this.config.pulse.period, 6);
    const [summary, before, series, ratings, comments] = await Promise.all([
      this.metrics.pulseSummary(selection, current),
      this.metrics.pulseSummary(selection, previous),
      this.metrics.pulseSeries(selection, periods.map(p => p.key)),
      this.metrics.ratings(selection, current),
      this.metrics.recentComments(selection, current, 10),
    ]);
    const minimum = this.config.minimumGroupSize;
    // A team's answers are shown only when enough people gave them, so that nobody
    // can be picked out; the organization is always large enough.
    const hide = (respondents: number) => selection.kind === 'team' && respondents < minimum;
    const suppressed = hide(summary.respondents)
      ? `Fewer than ${minimum} people of this team answered in this window, so their answers are not shown.`
      : undefined;
    const rating = (kind: 'template-run' | 'database-request') => {
      const r = ratings.find(x => x.kind === kind);
      return { kind, averageScore: r?.averageScore, count: r?.count ?? 0 };
    };
    return {
      averageScore: suppressed ? undefined : summary.averageScore,
      previousAverageScore: hide(before.respondents) ? undefined : before.averageScore,
      responses: summary.responses,
      dismissals: summary.dismissals,
      askedUsers: activeUsers,
      responseRate: activeUsers > 0 ? Math.min(1, summary.respondents / activeUsers) : undefined,
      series: series.map((s, index) => ({
        period: s.period,
        label: periods[index].label,
        averageScore: hide(s.respondents) ? undefined : s.averageScore,
        responses: s.responses,
      })),
      distribution: suppressed ? [] : summary.distribution,
      ratings: [rating('template-run'), rating('database-request')],
      comments: suppressed
        ? []
        : comments.map(c => ({
            id: c.id,
            kind: c.kind as any,
            score: c.score,
            comment: c.comment,
            createdAt: msToIso(c.createdAt)!,
            author: authorsVisible ? c.userRef : undefined,
          })),
      authorsVisible,
      suppressed,
    };
  }

  private async cost(
    resolved: Resolved,
    current: DayRange,
    allCosts?: ReturnType<MetricsStore['resourceCosts']>,
  ): Promise<CostSummary> {
    const { selection } = resolved;
    const resources =
      selection.kind === 'organization'
        ? await (allCosts ?? this.metrics.resourceCosts({}))
        : selection.kind === 'team'
          ? await this.metrics.resourceCosts({ ownerRefs: selection.teamRefs })
          : await this.metrics.resourceCosts({ entityRefs: resolved.entity?.dependsOn ?? [] });
    const monthlyUsd = resources.reduce((total, r) => total + r.monthlyUsd, 0);
    const teams =
      selection.kind === 'organization'
        ? await this.platform.listEntities({ kind: 'group' })
        : selection.kind === 'team'
          ? (await this.platform.listEntities({ kind: 'group' })).filter(g => selection.teamRefs.includes(g.entityRef))
          : [];
    const owners = new Set(resources.map(r => r.ownerRef).filter((o): o is string => !!o));
    const byTeam = teams
      .filter(t => owners.has(t.entityRef) || this.costModel.budgetOf(t.entityRef) !== undefined)
      .map(t => ({
        teamRef: t.entityRef,
        title: t.title ?? t.entityRef,
        monthlyUsd: resources.filter(r => r.ownerRef === t.entityRef).reduce((a, r) => a + r.monthlyUsd, 0),
        budgetUsd: this.costModel.budgetOf(t.entityRef),
      }))
      .sort((a, b) => b.monthlyUsd - a.monthlyUsd);
    const budgets = (selection.kind === 'component' ? [] : byTeam)
      .map(t => t.budgetUsd)
      .filter((b): b is number => b !== undefined);
    const scopes =
      selection.kind === 'organization'
        ? [ORG_SCOPE]
        : selection.kind === 'team'
          ? selection.teamRefs.map(teamScope)
          : [];
    const daily = await this.metrics.catalogDaily(scopes, current);
    return {
      monthlyUsd,
      budgetUsd: budgets.length > 0 ? budgets.reduce((a, b) => a + b, 0) : undefined,
      byTeam,
      byResource: resources.map(r => ({ ...r, source: r.source as any })),
      series: daily.map(d => ({ day: dayToIso(d.day), monthlyUsd: d.monthlyCostUsd })),
    };
  }

  private async breakdown(
    resolved: Resolved,
    current: DayRange,
    deployingScopes?: Promise<string[]>,
    allCosts?: ReturnType<MetricsStore['resourceCosts']>,
  ): Promise<DashboardResponse['breakdown']> {
    const { selection } = resolved;
    if (selection.kind === 'component') {
      return { kind: 'component', rows: [] };
    }
    const days = current.toDay - current.fromDay + 1;
    const groups = await this.platform.listEntities({ kind: 'group' });
    const rows: Array<{ ref: string; title: string; scope: string; owners: string[] }> =
      selection.kind === 'organization'
        ? groups
            .filter(g => g.type === 'team')
            .map(g => ({ ref: g.entityRef, title: g.title ?? g.entityRef, scope: teamScope(g.entityRef), owners: [g.entityRef] }))
        : (await this.platform.listEntities({ kind: 'component', ownerRefs: selection.teamRefs })).map(c => ({
            ref: c.entityRef,
            title: c.title ?? c.entityRef,
            scope: entityScope(c.entityRef),
            owners: [],
          }));
    const scopes = rows.map(r => r.scope);
    const byScope = { by: 'scope' as const };
    const teamRefs = rows.map(r => r.ref);
    const organization = selection.kind === 'organization';
    const [counts, leads, restores, active, pulse, costs, deployingByTeam] = await Promise.all([
      this.metrics.rollupCounts(scopes, current, byScope),
      this.metrics.rollupMedians(scopes, METRICS.leadTime, current, byScope),
      this.metrics.rollupMedians(scopes, METRICS.restoreTime, current, byScope),
      organization ? this.metrics.activeUsersByTeam(teamRefs, current) : Promise.resolve(new Map<string, number>()),
      organization
        ? this.metrics.pulseByTeam(teamRefs, current)
        : Promise.resolve(new Map<string, { average: number; respondents: number }>()),
      organization ? allCosts ?? this.metrics.resourceCosts({}) : Promise.resolve([]),
      // Per-service frequency needs how many of a team's services deployed.
      organization ? this.deployingByOwner(teamRefs, deployingScopes ?? this.metrics.deployingEntityScopes(current)) : Promise.resolve(new Map<string, number>()),
    ]);
    const deploying = rows.map(r => (organization ? deployingByTeam.get(r.ref) ?? 0 : 1));
    return {
      kind: selection.kind === 'organization' ? 'team' : 'component',
      rows: rows.map((r, index): BreakdownRow => {
        const deployments = sum(counts, METRICS.deployments, r.scope);
        const attempts = sum(counts, METRICS.deploymentAttempts, r.scope);
        const failedChanges = sum(counts, METRICS.failedChanges, r.scope);
        const frequency = attempts > 0 ? deployments / Math.max(deploying[index], 1) / days : undefined;
        const cfr = ratio(failedChanges, attempts);
        const lead = medianOf(leads, r.scope)?.median;
        const restore = medianOf(restores, r.scope)?.median;
        const score = pulse.get(r.ref);
        const row: BreakdownRow = {
          ref: r.ref,
          title: r.title,
          deploymentsPerDay: attempts > 0 ? deployments / days : undefined,
          deploymentFrequencyTier: doraTier('deploymentFrequency', frequency),
          leadTimeSeconds: lead,
          leadTimeTier: doraTier('leadTime', lead),
          changeFailureRate: cfr,
          changeFailureRateTier: doraTier('changeFailureRate', cfr),
          timeToRestoreSeconds: restore,
          timeToRestoreTier: doraTier('timeToRestore', restore),
        };
        if (selection.kind === 'organization') {
          row.activeUsers = active.get(r.ref) ?? 0;
          row.averageScore =
            score && score.respondents >= this.config.minimumGroupSize ? score.average : undefined;
          row.monthlyCostUsd = costs.filter(c => c.ownerRef === r.ref).reduce((a, c) => a + c.monthlyUsd, 0);
          row.budgetUsd = this.costModel.budgetOf(r.ref);
        }
        return row;
      }),
    };
  }

  /** How many of each team's entities are among the deploying ones. */
  private async deployingByOwner(ownerRefs: string[], deployingScopes: Promise<string[]>) {
    const [owners, scopes] = await Promise.all([this.metrics.ownedEntityScopes(ownerRefs), deployingScopes]);
    const result = new Map<string, number>();
    for (const scope of scopes) {
      const owner = owners.get(scope);
      if (owner) result.set(owner, (result.get(owner) ?? 0) + 1);
    }
    return result;
  }

  private async addComponentDetails(response: DashboardResponse, resolved: Resolved) {
    const ref = resolved.scope.ref!;
    const entity = resolved.entity;
    const recent = await this.metrics.recentDeployments(ref, 10);
    response.recentDeployments = recent.map(d => ({
      eventId: d.eventId,
      environment: d.environment,
      version: d.version,
      outcome: d.outcome,
      finishedAt: msToIso(d.finishedAt)!,
      commits: d.commits,
      failedChange:
        d.isProduction &&
        (d.outcome === 'failure' || d.outcome === 'rolled_back' || (d.outcome === 'success' && d.incidentCount > 0)),
      url: d.url,
    }));
    const ttfv = response.platform.timeToFirstValue.entities.find(e => e.entityRef === ref);
    const deployedRecently = recent.some(d => d.finishedAt >= this.clock.now().getTime() - 90 * DAY_MS);
    response.facts = {
      title: entity?.title,
      ownerRef: entity?.ownerRef,
      lifecycle: entity?.lifecycle,
      sourceTemplate: entity?.sourceTemplate,
      hasDocs: entity?.hasDocs ?? false,
      hasCi: (entity?.hasCiAnnotation ?? false) || deployedRecently,
      createdAt: ttfv?.createdAt,
      firstProductionAt: ttfv?.firstProductionAt,
    };
  }
}
