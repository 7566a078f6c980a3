import { Knex } from 'knex';
import { rangeStartBuckets } from '../lib/histogram';

import {
  CountRow,
  DayRange,
  Grouping,
  MedianRow,
  MetricsStore,
  Selection,
  TimeRange,
} from './MetricsStore';
import { entityScope, METRICS, weekStart } from './rollups';
import { WINDOW_DAYS, windowEndDay } from './windowStats';

/** How many days behind today the stored windows may be and still serve a window. */
const WINDOW_LAG_DAYS = 7;

const END_DAY = '(SELECT end_day FROM devex_window_end WHERE id = 1)';

const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));

function assertInteger(...values: number[]) {
  for (const v of values) {
    if (!Number.isInteger(v)) {
      throw new Error(`Expected an integer, got ${v}`);
    }
  }
}

/**
 * The SQL expression that groups rollup rows. Numbers are inlined (they are
 * integers we computed) because PostgreSQL does not match a bound parameter in
 * SELECT with another in GROUP BY.
 */
function groupExpression(grouping: Grouping): { select: string; groupBy?: string } {
  switch (grouping.by) {
    case 'none':
      return { select: `'all'` };
    case 'scope':
      return { select: 'scope', groupBy: 'scope' };
    case 'period': {
      assertInteger(grouping.startDay, grouping.periodDays);
      if (readsWholePeriods(grouping)) {
        // The source tags each row with its period (see periodSource).
        return { select: 'period_index', groupBy: 'period_index' };
      }
      const expr = `((day - ${grouping.startDay}) / ${grouping.periodDays})`;
      return { select: expr, groupBy: expr };
    }
    default:
      throw new Error('unknown grouping');
  }
}

/**
 * Periods of two weeks or more (the current and the previous window) are each read
 * as whole weeks plus the days at either end, like an ungrouped range, instead of
 * day by day: 2 × 90 days of daily rows become about 2 × 18.
 */
function readsWholePeriods(grouping: Grouping): boolean {
  return grouping.by === 'period' && grouping.periodDays >= 14;
}

export class DatabaseMetricsStore implements MetricsStore {
  private constructor(private readonly db: Knex) {}

  static create(db: Knex): DatabaseMetricsStore {
    return new DatabaseMetricsStore(db);
  }

  /**
   * The rollup rows of some scopes and metrics in a range. Day by day they come from
   * the daily table; otherwise whole weeks come from the weekly table and only the
   * days at either end from the daily one, so a 90-day window reads about 13 rows per
   * scope, metric and bucket instead of 90. `period` tags the rows with a period index.
   */
  private rollupSource(
    scopes: string[],
    metrics: string[],
    range: DayRange,
    byDay: boolean,
    period?: number,
  ): Knex.QueryBuilder {
    assertInteger(range.fromDay, range.toDay);
    const daily = (from: number, to: number) =>
      this.db('devex_daily_stats')
        .whereIn('scope', scopes)
        .whereIn('metric', metrics)
        .whereBetween('day', [from, to]);
    if (byDay) {
      return daily(range.fromDay, range.toDay).select('scope', 'metric', 'day', 'bucket', 'n', 'total');
    }
    const firstWeek = Math.ceil((range.fromDay + 3) / 7);
    const lastWeek = Math.floor((range.toDay - 3) / 7);
    const columns: Array<string | Knex.Raw> = ['scope', 'metric', 'bucket', 'n', 'total'];
    if (period !== undefined) {
      assertInteger(period);
      columns.push(this.db.raw(`${period} AS period_index`));
    }
    if (firstWeek > lastWeek) {
      return daily(range.fromDay, range.toDay).select(columns);
    }
    let source = this.db('devex_weekly_stats')
      .whereIn('scope', scopes)
      .whereIn('metric', metrics)
      .whereBetween('week', [firstWeek, lastWeek])
      .select(columns);
    const edges: Array<[number, number]> = [
      [range.fromDay, weekStart(firstWeek) - 1],
      [weekStart(lastWeek) + 7, range.toDay],
    ];
    for (const [from, to] of edges) {
      if (from <= to) {
        source = source.unionAll(daily(from, to).select(columns));
      }
    }
    return source;
  }

  /**
   * A dashboard window read from the stored windows (`windowStats.ts`): the stored rows
   * plus the days since their end, minus the days that fell out of the window, so one
   * row per scope, metric and bucket and a day or two of daily rows. The end day is
   * read inside the statement, so a concurrent move cannot mix two ends; `end` (read
   * before) only says whether they can serve the range: the end only moves forward, to
   * the day before today. Undefined when the range is not a window length or the
   * stored windows cannot serve it.
   */
  private storedWindowSource(
    metrics: string[],
    range: DayRange,
    end: number | undefined,
    scopes: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
    period?: number,
  ): Knex.QueryBuilder | undefined {
    assertInteger(range.fromDay, range.toDay);
    const windowDays = range.toDay - range.fromDay + 1;
    if (!WINDOW_DAYS.includes(windowDays)) return undefined;
    if (end === undefined || end > range.toDay || range.toDay - end > WINDOW_LAG_DAYS) return undefined;
    const tag: Array<string | Knex.Raw> = [];
    if (period !== undefined) {
      assertInteger(period);
      tag.push(this.db.raw(`${period} AS period_index`));
    }
    const daily = () => scopes(this.db('devex_daily_stats').whereIn('metric', metrics));
    return scopes(this.db('devex_window_stats').where('window_days', windowDays).whereIn('metric', metrics))
      .select('scope', 'metric', 'bucket', 'n', 'total', ...tag)
      .unionAll(
        daily()
          .whereRaw(`day > ${END_DAY}`)
          .where('day', '<=', range.toDay)
          .select('scope', 'metric', 'bucket', 'n', 'total', ...tag),
      )
      .unionAll(
        daily()
          .whereRaw(`day > ${END_DAY} - ?`, [windowDays])
          .where('day', '<=', range.toDay - windowDays)
          .select('scope', 'metric', 'bucket', this.db.raw('-n AS n'), this.db.raw('-total AS total'), ...tag),
      );
  }

  /** The rollup rows of a whole range: a stored window where one serves it. */
  private rangeSource(scopes: string[], metrics: string[], range: DayRange, end: number | undefined): Knex.QueryBuilder {
    return (
      this.storedWindowSource(metrics, range, end, q => q.whereIn('scope', scopes)) ??
      this.rollupSource(scopes, metrics, range, false)
    );
  }

  /** The rollup rows a grouping needs: by day, by whole periods, or for the whole range. */
  private groupedSource(
    scopes: string[],
    metrics: string[],
    range: DayRange,
    grouping: Grouping,
    end: number | undefined,
  ): Knex.QueryBuilder {
    if (grouping.by !== 'period') {
      return this.rangeSource(scopes, metrics, range, end);
    }
    if (!readsWholePeriods(grouping)) {
      return this.rollupSource(scopes, metrics, range, true);
    }
    let source: Knex.QueryBuilder | undefined;
    for (let index = 0; grouping.startDay + index * grouping.periodDays <= range.toDay; index++) {
      const fromDay = Math.max(range.fromDay, grouping.startDay + index * grouping.periodDays);
      const toDay = Math.min(range.toDay, grouping.startDay + (index + 1) * grouping.periodDays - 1);
      if (fromDay > toDay) continue;
      // The last period is the current window when comparing it with the previous one.
      const part =
        this.storedWindowSource(metrics, { fromDay, toDay }, end, q => q.whereIn('scope', scopes), index) ??
        this.rollupSource(scopes, metrics, { fromDay, toDay }, false, index);
      source = source ? source.unionAll(part) : part;
    }
    return source ?? this.rollupSource(scopes, metrics, range, true);
  }

  async rollupCounts(scopes: string[], range: DayRange, grouping: Grouping): Promise<CountRow[]> {
    if (scopes.length === 0) return [];
    const g = groupExpression(grouping);
    const metrics = [METRICS.deploymentAttempts, METRICS.deployments, METRICS.failedChanges, METRICS.incidents];
    const source = this.groupedSource(scopes, metrics, range, grouping, await windowEndDay(this.db));
    const rows = await this.db
      .from(source.as('s'))
      .groupByRaw([g.groupBy, 'metric', 'bucket'].filter(Boolean).join(', '))
      .select(this.db.raw(`${g.select} AS grp`), 'metric', 'bucket', this.db.raw('SUM(n) AS n'));
    return rows.map((r: any) => ({
      group: String(r.grp),
      metric: r.metric,
      bucket: Number(r.bucket),
      n: Number(r.n),
    }));
  }

  async rollupMedians(
    scopes: string[],
    metric: string,
    range: DayRange,
    grouping: Grouping,
  ): Promise<MedianRow[]> {
    if (scopes.length === 0) return [];
    const g = groupExpression(grouping);
    const source = this.groupedSource(scopes, [metric], range, grouping, await windowEndDay(this.db));
    // The middle ranks are (count + 1) / 2 and count / 2 + 1 (integer division);
    // the median is the mean of the buckets holding them, each bucket's mean being
    // its sum over its count.
    const { rows } = await this.raw(
      `WITH h AS (
         SELECT ${g.select} AS grp, bucket, CAST(SUM(n) AS INTEGER) AS n, SUM(total) AS total
         FROM ? s
         GROUP BY ${[g.groupBy, 'bucket'].filter(Boolean).join(', ')}
         HAVING SUM(n) > 0
       ), c AS (
         SELECT grp, bucket, n, total,
                SUM(n) OVER (PARTITION BY grp ORDER BY bucket ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
                SUM(n) OVER (PARTITION BY grp) AS cnt
         FROM h
       )
       SELECT grp, MAX(cnt) AS cnt,
              SUM(CASE WHEN cum - n < (cnt + 1) / 2 AND (cnt + 1) / 2 <= cum THEN total / n ELSE 0 END) AS lo,
              SUM(CASE WHEN cum - n < cnt / 2 + 1 AND cnt / 2 + 1 <= cum THEN total / n ELSE 0 END) AS hi
       FROM c
       GROUP BY grp`,
      [source],
    );
    return rows.map((r: any) => ({
      group: String(r.grp),
      count: Number(r.cnt),
      median: Number(r.cnt) > 0 ? (Number(r.lo) + Number(r.hi)) / 2 : undefined,
    }));
  }

  async rollupRanges(scopes: string[], metric: string, range: DayRange): Promise<number[]> {
    const starts = rangeStartBuckets();
    const result = new Array(starts.length + 1).fill(0);
    if (scopes.length === 0) return result;
    const rangeExpr = `CASE ${starts
      .map((start, index) => `WHEN bucket < ${start} THEN ${index}`)
      .join(' ')} ELSE ${starts.length} END`;
    const rows = await this.db
      .from(this.rangeSource(scopes, [metric], range, await windowEndDay(this.db)).as('s'))
      .groupByRaw(rangeExpr)
      .select(this.db.raw(`${rangeExpr} AS idx`), this.db.raw('SUM(n) AS n'));
    for (const r of rows as any[]) {
      result[Number(r.idx)] = Number(r.n);
    }
    return result;
  }

  async entitiesDeploying(entityScopes: string[] | 'all', range: DayRange) {
    if (entityScopes === 'all') {
      return (await this.deployingEntityScopes(range)).length;
    }
    if (entityScopes.length === 0) return 0;
    const source = this.rollupSource(entityScopes, [METRICS.deployments], range, false);
    // Corrected replays leave rows decremented to zero: those entities did not deploy.
    const row: any = await this.db.from(source.as('s')).where('n', '>', 0).countDistinct({ count: 'scope' }).first();
    return Number(row?.count ?? 0);
  }

  async deployingEntityScopes(range: DayRange) {
    // Corrected replays leave rows decremented to zero: those entities did not deploy.
    const stored = this.storedWindowSource([METRICS.deployments], range, await windowEndDay(this.db), q =>
      q.where('scope', 'like', 'entity:%'),
    );
    if (stored) {
      const deploying: Array<{ scope: string }> = await this.db
        .from(stored.as('s'))
        .groupBy('scope')
        .havingRaw('SUM(n) > 0')
        .select('scope');
      return deploying.map(r => String(r.scope));
    }
    // Otherwise the (metric, week|day, scope) indexes answer this without the table.
    const firstWeek = Math.ceil((range.fromDay + 3) / 7);
    const lastWeek = Math.floor((range.toDay - 3) / 7);
    const daily = (from: number, to: number) =>
      this.db('devex_daily_stats')
        .where('metric', METRICS.deployments)
        .whereBetween('day', [from, to])
        .where('scope', 'like', 'entity:%')
        .where('n', '>', 0)
        .select('scope');
    let source: Knex.QueryBuilder;
    if (firstWeek > lastWeek) {
      source = daily(range.fromDay, range.toDay);
    } else {
      source = this.db('devex_weekly_stats')
        .where('metric', METRICS.deployments)
        .whereBetween('week', [firstWeek, lastWeek])
        .where('scope', 'like', 'entity:%')
        .where('n', '>', 0)
        .select('scope');
      if (range.fromDay <= weekStart(firstWeek) - 1) source = source.unionAll(daily(range.fromDay, weekStart(firstWeek) - 1));
      if (weekStart(lastWeek) + 7 <= range.toDay) source = source.unionAll(daily(weekStart(lastWeek) + 7, range.toDay));
    }
    const rows: Array<{ scope: string }> = await this.withoutParallelWorkers(db =>
      db.from(source.as('s')).distinct('scope'),
    );
    return rows.map(r => String(r.scope));
  }

  /**
   * Runs a statement without PostgreSQL's parallel workers. For a statement of a few
   * milliseconds, starting workers costs more than it saves, and a dashboard already runs
   * its statements side by side: the previous 30-day window's deploying services took 53 ms
   * with two workers and 6 ms without (bench/devex/explainDashboard.ts), and the 30-day
   * organization dashboard's p95 went from 155–204 to 108–117 ms (bench/devex/run.sh).
   */
  private async withoutParallelWorkers<T>(query: (db: Knex | Knex.Transaction) => Knex.QueryBuilder): Promise<T> {
    if (this.db.client.config.client !== 'pg') return (await query(this.db)) as T;
    return this.db.transaction(async trx => {
      await trx.raw('SET LOCAL max_parallel_workers_per_gather = 0');
      return (await query(trx)) as T;
    });
  }

  async ownedEntityScopes(ownerRefs: string[]) {
    if (ownerRefs.length === 0) return new Map<string, string>();
    const owned: Array<{ entity_ref: string; owner_ref: string }> = await this.db('devex_entities')
      .whereIn('owner_ref', ownerRefs)
      .select('entity_ref', 'owner_ref');
    return new Map(owned.map(o => [entityScope(o.entity_ref), o.owner_ref]));
  }

  async hasRollupData(scopes: string[], metric: string) {
    if (scopes.length === 0) return false;
    const row = await this.db('devex_daily_stats')
      .whereIn('scope', scopes)
      .where('metric', metric)
      .first(this.db.raw('1 AS found'));
    return Boolean(row);
  }

  async openIncidents(selection: Selection) {
    const query = this.db('devex_incidents').whereNull('resolved_at');
    if (selection.kind === 'team') query.whereIn('team_ref', selection.teamRefs);
    if (selection.kind === 'component') query.where('entity_ref', selection.entityRef);
    const row = await query.count({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }

  /**
   * Exact medians of a small set: `sub` selects columns grp and v. Ranks are
   * numbered per group, and the median is the mean of the one or two middle values.
   */
  private async exactMedians(sub: Knex.QueryBuilder): Promise<Map<string, { median: number; count: number }>> {
    const rows = await this.db
      .with('vals', sub)
      .with(
        'ranked',
        this.db.raw(
          'SELECT grp, v, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY v) AS rn, COUNT(*) OVER (PARTITION BY grp) AS cnt FROM vals',
        ),
      )
      .from('ranked')
      .whereRaw('rn = (cnt + 1) / 2 OR rn = cnt / 2 + 1')
      .groupBy('grp')
      .select('grp', this.db.raw('AVG(v) AS median'), this.db.raw('MAX(cnt) AS cnt'));
    return new Map(
      rows.map((r: any) => [String(r.grp), { median: Number(r.median), count: Number(r.cnt) }]),
    );
  }

  /** Components of the selection as a subquery of entity refs. */
  private componentRefs(selection: Selection) {
    const query = this.db('devex_entities').where('kind', 'component').select('entity_ref');
    if (selection.kind === 'team') query.whereIn('owner_ref', selection.teamRefs);
    if (selection.kind === 'component') query.where('entity_ref', selection.entityRef);
    return query;
  }

  /** Users of the selection's teams, as a subquery (undefined for the organization). */
  private memberRefs(selection: Selection) {
    if (selection.kind !== 'team') return undefined;
    return this.db('devex_memberships')
      .whereIn('group_ref', selection.teamRefs)
      .distinct('user_ref');
  }

  async timeToFirstValue(selection: Selection, range: TimeRange, waitingSince: number) {
    // An entity's creation is when the template run that created it finished:
    // entities only registered in the catalog have no such moment and are left out.
    const created = this.db('devex_scaffolder_runs as r')
      .join('devex_entities as e', 'e.entity_ref', 'r.entity_ref')
      .leftJoin('devex_entity_deployments as d', 'd.entity_ref', 'r.entity_ref')
      .where('r.status', 'completed')
      .whereNotNull('r.completed_at')
      .whereIn('r.entity_ref', this.componentRefs(selection))
      .groupBy('r.entity_ref', 'e.title', 'd.first_production_at')
      .select(
        'r.entity_ref',
        'e.title',
        this.db.raw('MIN(r.completed_at) AS created_at'),
        'd.first_production_at',
      );
    const rows: any[] = await this.db
      .with('created', created)
      .from('created')
      .where(q =>
        q
          .whereBetween('first_production_at', [range.fromMs, range.toMs])
          .orWhere(w => w.whereNull('first_production_at').where('created_at', '>=', waitingSince)),
      )
      .orderBy('created_at', 'desc');
    const measuredSub = this.db
      .with('created', created)
      .from('created')
      .whereBetween('first_production_at', [range.fromMs, range.toMs])
      .whereRaw('first_production_at >= created_at')
      .select(
        this.db.raw(`'all' AS grp`),
        this.db.raw('(first_production_at - created_at) / 1000.0 AS v'),
      );
    const medians = await this.exactMedians(measuredSub);
    const entities = rows.map(r => {
      const createdAt = Number(r.created_at);
      const first = num(r.first_production_at);
      return {
        entityRef: r.entity_ref,
        title: r.title ?? undefined,
        createdAt,
        firstProductionAt: first,
        seconds: first !== undefined && first >= createdAt ? (first - createdAt) / 1000 : undefined,
      };
    });
    return {
      median: medians.get('all')?.median,
      measured: medians.get('all')?.count ?? 0,
      waiting: entities.filter(e => e.firstProductionAt === undefined).length,
      entities: entities.slice(0, 20),
    };
  }

  private scaffolderBase(selection: Selection, range: TimeRange) {
    const query = this.db('devex_scaffolder_runs').whereBetween('created_at', [range.fromMs, range.toMs]);
    const members = this.memberRefs(selection);
    if (members) query.whereIn('created_by', members);
    if (selection.kind === 'component') query.where('entity_ref', selection.entityRef);
    return query;
  }

  async scaffolderRuns(selection: Selection, range: TimeRange, periodMs: number) {
    assertInteger(range.fromMs, periodMs);
    const statusRows: any[] = await this.scaffolderBase(selection, range)
      .groupBy('status')
      .select('status', this.db.raw('COUNT(*) AS n'));
    const byStatus = Object.fromEntries(statusRows.map(r => [r.status, Number(r.n)]));

    const durations = (grp: string) =>
      this.scaffolderBase(selection, range)
        .whereIn('status', ['completed', 'failed'])
        .whereNotNull('completed_at')
        .select(this.db.raw(`${grp} AS grp`), this.db.raw('(completed_at - created_at) / 1000.0 AS v'));
    const overall = await this.exactMedians(durations(`'all'`));
    const perTemplate = await this.exactMedians(durations('template_ref'));

    const templateRows: any[] = await this.scaffolderBase(selection, range)
      .groupBy('template_ref')
      .select(
        'template_ref',
        this.db.raw('MAX(template_title) AS title'),
        this.db.raw('COUNT(*) AS runs'),
        this.db.raw(`SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS succeeded`),
        this.db.raw(`SUM(CASE WHEN status IN ('completed', 'failed') THEN 1 ELSE 0 END) AS finished`),
      )
      .orderBy('runs', 'desc');

    const periodExpr = `((created_at - ${range.fromMs}) / ${periodMs})`;
    const seriesRows: any[] = await this.scaffolderBase(selection, range)
      .groupByRaw(periodExpr)
      .select(
        this.db.raw(`${periodExpr} AS period`),
        this.db.raw('COUNT(*) AS runs'),
        this.db.raw(`SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS succeeded`),
      );
    return {
      byStatus,
      medianDurationSeconds: overall.get('all')?.median,
      byTemplate: templateRows.map(r => ({
        templateRef: r.template_ref,
        title: r.title ?? undefined,
        runs: Number(r.runs),
        succeeded: Number(r.succeeded),
        finished: Number(r.finished),
        medianDurationSeconds: perTemplate.get(r.template_ref)?.median,
      })),
      series: seriesRows.map(r => ({
        period: Number(r.period),
        runs: Number(r.runs),
        succeeded: Number(r.succeeded),
      })),
    };
  }

  private requestsBase(selection: Selection, range: TimeRange) {
    const query = this.db('devex_database_requests').whereBetween('requested_at', [range.fromMs, range.toMs]);
    if (selection.kind === 'team') query.whereIn('team_ref', selection.teamRefs);
    if (selection.kind === 'component') query.where('component_ref', selection.entityRef);
    return query;
  }

  async databaseRequests(selection: Selection, range: TimeRange) {
    const statusRows: any[] = await this.requestsBase(selection, range)
      .groupBy('status')
      .select('status', this.db.raw('COUNT(*) AS n'));
    const lead = await this.exactMedians(
      this.requestsBase(selection, range)
        .where('status', 'provisioned')
        .whereNotNull('completed_at')
        .select(this.db.raw(`'all' AS grp`), this.db.raw('(completed_at - requested_at) / 1000.0 AS v')),
    );
    const wait = await this.exactMedians(
      this.requestsBase(selection, range)
        .whereNotNull('approval_wait_ms')
        .select(this.db.raw(`'all' AS grp`), this.db.raw('approval_wait_ms / 1000.0 AS v')),
    );
    return {
      byStatus: Object.fromEntries(statusRows.map(r => [r.status, Number(r.n)])),
      medianLeadTimeSeconds: lead.get('all')?.median,
      medianApprovalWaitSeconds: wait.get('all')?.median,
    };
  }

  private activityBase(selection: Selection, range: DayRange) {
    const query = this.db('devex_activity').whereBetween('day', [range.fromDay, range.toDay]);
    const members = this.memberRefs(selection);
    if (members) query.whereIn('user_ref', members);
    return query;
  }

  async activeUsers(selection: Selection, range: DayRange, options: { series: boolean } = { series: true }) {
    // People, sessions and page views in one pass over the days read, grouping by
    // person (a hashed aggregate; COUNT(DISTINCT) sorts every row, several times
    // slower on PostgreSQL).
    const perPerson = this.activityBase(selection, range)
      .groupBy('user_ref')
      .select('user_ref', this.db.raw('SUM(sessions) AS sessions'), this.db.raw('SUM(page_views) AS views'));
    const totals: any = await this.db
      .from(perPerson.as('a'))
      .select(this.db.raw('COUNT(*) AS users'), this.db.raw('SUM(sessions) AS sessions'), this.db.raw('SUM(views) AS views'))
      .first();
    // People per day: the organization's from its per-day summary; a team's from its
    // members' days (one row per person and day).
    const organization = selection.kind === 'organization';
    const series: any[] = options.series
      ? await (organization
          ? this.db('devex_activity_daily').whereBetween('day', [range.fromDay, range.toDay]).select('day', 'users')
          : this.activityBase(selection, range).groupBy('day').select('day', this.db.raw('COUNT(*) AS users'))
        ).orderBy('day')
      : [];
    return {
      activeUsers: Number(totals?.users ?? 0),
      sessions: Number(totals?.sessions ?? 0),
      pageViews: Number(totals?.views ?? 0),
      series: series.map(r => ({ day: Number(r.day), users: Number(r.users) })),
    };
  }

  async activeUsersByTeam(teamRefs: string[], range: DayRange) {
    if (teamRefs.length === 0) return new Map<string, number>();
    // The window's distinct users first (at most one row per person, from the
    // (day, user_ref) key), then their teams: joining every day's row to the
    // memberships made the organization dashboard's slowest query.
    const activeInWindow = this.db('devex_activity')
      .whereBetween('day', [range.fromDay, range.toDay])
      .distinct('user_ref');
    const rows: any[] = await this.db
      .from(activeInWindow.as('a'))
      .join('devex_memberships as m', 'm.user_ref', 'a.user_ref')
      .whereIn('m.group_ref', teamRefs)
      .groupBy('m.group_ref')
      .select('m.group_ref', this.db.raw('COUNT(*) AS users'));
    return new Map(rows.map(r => [String(r.group_ref), Number(r.users)]));
  }

  async members(teamRefs: string[]) {
    if (teamRefs.length === 0) return 0;
    const row = await this.db('devex_memberships')
      .whereIn('group_ref', teamRefs)
      .countDistinct({ count: 'user_ref' })
      .first();
    return Number(row?.count ?? 0);
  }

  private responsesBase(selection: Selection) {
    const query = this.db('devex_survey_responses as s');
    if (selection.kind === 'team') {
      query.whereIn(
        's.id',
        this.db('devex_survey_response_teams').whereIn('team_ref', selection.teamRefs).select('response_id'),
      );
    }
    return query;
  }

  async pulseSummary(selection: Selection, range: DayRange) {
    const base = () =>
      this.responsesBase(selection)
        .where('s.kind', 'pulse')
        .whereBetween('s.day', [range.fromDay, range.toDay]);
    const totals: any = await base()
      .select(
        this.db.raw('AVG(CASE WHEN s.dismissed = ? THEN NULL ELSE s.score END) AS avg_score', [true]),
        this.db.raw('SUM(CASE WHEN s.dismissed = ? THEN 0 ELSE 1 END) AS responses', [true]),
        this.db.raw('SUM(CASE WHEN s.dismissed = ? THEN 1 ELSE 0 END) AS dismissals', [true]),
        this.db.raw('COUNT(DISTINCT CASE WHEN s.dismissed = ? THEN NULL ELSE s.user_ref END) AS respondents', [true]),
      )
      .first();
    const distribution: any[] = await base()
      .where('s.dismissed', false)
      .groupBy('s.score')
      .orderBy('s.score')
      .select('s.score', this.db.raw('COUNT(*) AS n'));
    return {
      averageScore: num(totals?.avg_score),
      responses: Number(totals?.responses ?? 0),
      respondents: Number(totals?.respondents ?? 0),
      dismissals: Number(totals?.dismissals ?? 0),
      distribution: distribution.map(r => ({ score: Number(r.score), count: Number(r.n) })),
    };
  }

  async pulseByTeam(teamRefs: string[], range: DayRange) {
    if (teamRefs.length === 0) return new Map<string, { average: number; respondents: number }>();
    const rows: any[] = await this.db('devex_survey_responses as s')
      .join('devex_survey_response_teams as t', 't.response_id', 's.id')
      .whereIn('t.team_ref', teamRefs)
      .where('s.kind', 'pulse')
      .where('s.dismissed', false)
      .whereBetween('s.day', [range.fromDay, range.toDay])
      .groupBy('t.team_ref')
      .select('t.team_ref', this.db.raw('AVG(s.score) AS average'), this.db.raw('COUNT(DISTINCT s.user_ref) AS respondents'));
    return new Map(
      rows.map(r => [String(r.team_ref), { average: Number(r.average), respondents: Number(r.respondents) }]),
    );
  }

  async pulseSeries(selection: Selection, periods: string[]) {
    if (periods.length === 0) return [];
    const rows: any[] = await this.responsesBase(selection)
      .where('s.kind', 'pulse')
      .where('s.dismissed', false)
      .whereIn('s.subject', periods)
      .groupBy('s.subject')
      .select(
        's.subject',
        this.db.raw('AVG(s.score) AS average'),
        this.db.raw('COUNT(*) AS responses'),
        this.db.raw('COUNT(DISTINCT s.user_ref) AS respondents'),
      );
    const byPeriod = new Map(rows.map(r => [String(r.subject), r]));
    return periods.map(period => {
      const r = byPeriod.get(period);
      return {
        period,
        averageScore: num(r?.average),
        responses: Number(r?.responses ?? 0),
        respondents: Number(r?.respondents ?? 0),
      };
    });
  }

  async ratings(selection: Selection, range: DayRange) {
    const query = this.responsesBase(selection)
      .whereIn('s.kind', ['template-run', 'database-request'])
      .where('s.dismissed', false)
      .whereBetween('s.day', [range.fromDay, range.toDay]);
    if (selection.kind === 'component') {
      // Ratings of the template run that created the component.
      query.whereIn(
        's.subject',
        this.db('devex_scaffolder_runs').where('entity_ref', selection.entityRef).select('task_id'),
      );
    }
    const rows: any[] = await query
      .groupBy('s.kind')
      .select('s.kind', this.db.raw('AVG(s.score) AS average'), this.db.raw('COUNT(*) AS n'));
    return rows.map(r => ({ kind: String(r.kind), averageScore: num(r.average), count: Number(r.n) }));
  }

  async recentComments(selection: Selection, range: DayRange, limit: number) {
    const rows: any[] = await this.responsesBase(selection)
      .where('s.dismissed', false)
      .whereNotNull('s.comment')
      .whereBetween('s.day', [range.fromDay, range.toDay])
      .orderBy('s.created_at', 'desc')
      .limit(limit)
      .select('s.id', 's.kind', 's.score', 's.comment', 's.created_at', 's.user_ref');
    return rows.map(r => ({
      id: String(r.id),
      kind: String(r.kind),
      score: Number(r.score),
      comment: String(r.comment),
      createdAt: Number(r.created_at),
      userRef: String(r.user_ref),
    }));
  }

  async catalogDaily(scopes: string[], range: DayRange) {
    if (scopes.length === 0) return [];
    const rows: any[] = await this.db('devex_catalog_daily')
      .whereIn('scope', scopes)
      .whereBetween('day', [range.fromDay, range.toDay])
      .groupBy('day')
      .orderBy('day')
      .select(
        'day',
        this.db.raw('SUM(components) AS components'),
        this.db.raw('SUM(from_template) AS from_template'),
        this.db.raw('SUM(with_owner) AS with_owner'),
        this.db.raw('SUM(with_docs) AS with_docs'),
        this.db.raw('SUM(with_ci) AS with_ci'),
        this.db.raw('SUM(with_lifecycle) AS with_lifecycle'),
        this.db.raw('SUM(monthly_cost_usd) AS cost'),
      );
    return rows.map(r => ({
      day: Number(r.day),
      components: Number(r.components),
      fromTemplate: Number(r.from_template),
      withOwner: Number(r.with_owner),
      withDocs: Number(r.with_docs),
      withCi: Number(r.with_ci),
      withLifecycle: Number(r.with_lifecycle),
      monthlyCostUsd: Number(r.cost),
    }));
  }

  async resourceCosts(filter: { ownerRefs?: string[]; entityRefs?: string[] }) {
    const resources = this.db('devex_entities')
      .where('kind', 'resource')
      .whereNull('deleted_at')
      .select(
        'entity_ref',
        'title',
        'type',
        'owner_ref',
        this.db.raw('COALESCE(monthly_cost_usd, 0) AS monthly_usd'),
        'cost_class',
        this.db.raw(`COALESCE(cost_source, 'unknown') AS source`),
      );
    // Provisioned databases the catalog does not list yet cost what their request said.
    const requested = this.db('devex_database_requests as q')
      .where('q.status', 'provisioned')
      .whereNotNull('q.entity_ref')
      .whereNotExists(
        this.db('devex_entities as e')
          .whereRaw('e.entity_ref = q.entity_ref')
          .whereNull('e.deleted_at')
          .select(this.db.raw('1')),
      )
      .select(
        'q.entity_ref',
        this.db.raw('q.entity_ref AS title'),
        this.db.raw(`'database' AS type`),
        'q.team_ref AS owner_ref',
        this.db.raw('COALESCE(q.monthly_cost_usd, 0) AS monthly_usd'),
        'q.size AS cost_class',
        this.db.raw(`'database-request' AS source`),
      );
    if (filter.ownerRefs) {
      resources.whereIn('owner_ref', filter.ownerRefs);
      requested.whereIn('q.team_ref', filter.ownerRefs);
    }
    if (filter.entityRefs) {
      resources.whereIn('entity_ref', filter.entityRefs);
      requested.whereIn('q.entity_ref', filter.entityRefs);
    }
    const rows: any[] = await this.db
      .select('*')
      .from(resources.unionAll(requested).as('costs'))
      .orderBy([
        { column: 'monthly_usd', order: 'desc' },
        { column: 'entity_ref', order: 'asc' },
      ]);
    return rows.map(r => ({
      entityRef: r.entity_ref,
      title: r.title ?? r.entity_ref,
      type: r.type ?? 'resource',
      ownerRef: r.owner_ref ?? undefined,
      monthlyUsd: Number(r.monthly_usd),
      costClass: r.cost_class ?? undefined,
      source: r.source,
    }));
  }

  async recentDeployments(entityRef: string, limit: number) {
    const rows: any[] = await this.db('devex_deployments')
      .where('entity_ref', entityRef)
      .orderBy('finished_at', 'desc')
      .limit(limit)
      .select('event_id', 'environment', 'version', 'outcome', 'finished_at', 'commit_count', 'incident_count', 'is_production', 'url');
    return rows.map(r => ({
      eventId: r.event_id,
      environment: r.environment,
      version: r.version,
      outcome: r.outcome,
      finishedAt: Number(r.finished_at),
      commits: Number(r.commit_count),
      incidentCount: Number(r.incident_count),
      isProduction: Boolean(r.is_production),
      url: r.url ?? undefined,
    }));
  }

  private async raw(sql: string, bindings: unknown[]): Promise<{ rows: any[] }> {
    const result: any = await this.db.raw(sql, bindings as any);
    // pg answers { rows }, better-sqlite3 an array of rows.
    return { rows: Array.isArray(result) ? result : result.rows };
  }
}

