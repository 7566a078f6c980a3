import { Knex } from 'knex';
import { epochDay } from '../lib/time';
import { incrementSums } from './incrementSums';
import { addToWindows, refillWindows } from './windowStats';

/**
 * The daily rollups (`devex_daily_stats`) are a sum of contributions, one set per
 * stored deployment and incident. Ingestion adds a row's contributions, and when a
 * row changes (an incident resolved, a deployment named as an incident's cause) it
 * applies the difference, so the rollups always equal a rebuild from the raw rows
 * (`rebuildRollups`, which computes the same definitions in SQL).
 */

export const METRICS = {
  /** Finished production deployments (success, failure, rolled back). */
  deploymentAttempts: 'deploy_attempts',
  /** Successful production deployments. */
  deployments: 'deployments',
  /** Production deployments that failed, were rolled back, or caused an incident. */
  failedChanges: 'failed_changes',
  /** Histogram of commit lead times (seconds), by day of the deployment. */
  leadTime: 'lead_time',
  /** Incidents opened, bucket = severity (1-4), by day opened. */
  incidents: 'incidents',
  /** Histogram of time to restore (seconds) of resolved incidents, by day opened. */
  restoreTime: 'restore_time',
} as const;

export const ORG_SCOPE = 'org';

export function teamScope(teamRef: string): string {
  return `team:${teamRef}`;
}

export function entityScope(entityRef: string): string {
  return `entity:${entityRef}`;
}

export function scopesOf(row: { entity_ref: string; team_ref?: string | null }): string[] {
  const scopes = [ORG_SCOPE, entityScope(row.entity_ref)];
  if (row.team_ref) {
    scopes.push(teamScope(row.team_ref));
  }
  return scopes;
}

export type Contribution = {
  scope: string;
  metric: string;
  day: number;
  bucket: number;
  n: number;
  total: number;
};

export type DeploymentRow = {
  entity_ref: string;
  team_ref?: string | null;
  is_production: boolean | number;
  outcome: string;
  finished_at: number | string;
  incident_count: number | string;
};

export type ClaimedCommit = {
  lead_time_seconds: number | string;
  lead_time_bucket: number | string;
};

export type IncidentRow = {
  entity_ref: string;
  team_ref?: string | null;
  severity: string;
  opened_at: number | string;
  resolved_at?: number | string | null;
};

export function isFailedChange(row: DeploymentRow): boolean {
  return (
    row.outcome === 'failure' ||
    row.outcome === 'rolled_back' ||
    (row.outcome === 'success' && Number(row.incident_count) > 0)
  );
}

export function deploymentContributions(
  row: DeploymentRow,
  commits: ClaimedCommit[],
): Contribution[] {
  if (!row.is_production || row.outcome === 'cancelled') {
    return [];
  }
  const day = epochDay(Number(row.finished_at));
  const out: Contribution[] = [];
  for (const scope of scopesOf(row)) {
    const count = (metric: string) =>
      out.push({ scope, metric, day, bucket: 0, n: 1, total: 0 });
    count(METRICS.deploymentAttempts);
    if (row.outcome === 'success') {
      count(METRICS.deployments);
    }
    if (isFailedChange(row)) {
      count(METRICS.failedChanges);
    }
    for (const commit of commits) {
      out.push({
        scope,
        metric: METRICS.leadTime,
        day,
        bucket: Number(commit.lead_time_bucket),
        n: 1,
        total: Number(commit.lead_time_seconds),
      });
    }
  }
  return out;
}

export function severityBucket(severity: string): number {
  return Number(severity.replace(/^sev/, '')) || 0;
}

export function incidentContributions(
  row: IncidentRow,
  restoreBucket: (seconds: number) => number,
): Contribution[] {
  const day = epochDay(Number(row.opened_at));
  const out: Contribution[] = [];
  for (const scope of scopesOf(row)) {
    out.push({
      scope,
      metric: METRICS.incidents,
      day,
      bucket: severityBucket(row.severity),
      n: 1,
      total: 0,
    });
    if (row.resolved_at !== null && row.resolved_at !== undefined) {
      const seconds = Math.max(
        0,
        (Number(row.resolved_at) - Number(row.opened_at)) / 1000,
      );
      out.push({
        scope,
        metric: METRICS.restoreTime,
        day,
        bucket: restoreBucket(seconds),
        n: 1,
        total: seconds,
      });
    }
  }
  return out;
}

function key(c: Contribution) {
  return `${c.scope}\u0000${c.metric}\u0000${c.day}\u0000${c.bucket}`;
}

/** Adds `add` and subtracts `remove`, merging equal keys; drops what cancels out. */
export function netContributions(
  add: Contribution[],
  remove: Contribution[] = [],
): Contribution[] {
  const byKey = new Map<string, Contribution>();
  const merge = (c: Contribution, sign: number) => {
    const k = key(c);
    const existing = byKey.get(k);
    if (existing) {
      existing.n += sign * c.n;
      existing.total += sign * c.total;
    } else {
      byKey.set(k, { ...c, n: sign * c.n, total: sign * c.total });
    }
  };
  add.forEach(c => merge(c, 1));
  remove.forEach(c => merge(c, -1));
  return [...byKey.values()].filter(c => c.n !== 0 || Math.abs(c.total) > 1e-9);
}

/** The Monday-based week an epoch day is in (epoch day 0 was a Thursday). */
export function weekOf(day: number): number {
  return Math.floor((day + 3) / 7);
}

/** The first epoch day (a Monday) of a week. */
export function weekStart(week: number): number {
  return week * 7 - 3;
}

/** Applies contributions to the daily, weekly and window rollups (negative values decrement). */
export async function applyContributions(
  db: Knex | Knex.Transaction,
  contributions: Contribution[],
): Promise<void> {
  const daily = netContributions(contributions);
  await incrementSums(db, 'devex_daily_stats', ['scope', 'metric', 'day', 'bucket'], daily);
  const weekly = netContributions(daily.map(c => ({ ...c, day: weekOf(c.day) })));
  await incrementSums(
    db,
    'devex_weekly_stats',
    ['scope', 'metric', 'week', 'bucket'],
    weekly.map(({ day, ...rest }) => ({ ...rest, week: day })),
  );
  await addToWindows(db, daily);
}

/**
 * Recomputes every rollup from the raw rows in SQL, with the same definitions as
 * the contributions above. Used after bulk loads (the benchmark) and by tests that
 * check the incremental rollups against it.
 */
export async function rebuildRollups(db: Knex): Promise<void> {
  const DAY = 86_400_000;
  const scopes = [
    { expr: `'${ORG_SCOPE}'`, team: false, constant: true },
    { expr: `'entity:' || entity_ref`, team: false, constant: false },
    { expr: `'team:' || team_ref`, team: true, constant: false },
  ];
  await db.transaction(async trx => {
    await trx('devex_daily_stats').delete();
    for (const scope of scopes) {
      const groupBy = (dayExpr: string, bucketExpr?: string) =>
        [scope.constant ? undefined : scope.expr, dayExpr, bucketExpr]
          .filter(Boolean)
          .join(', ');
      const teamFilter = scope.team ? 'AND team_ref IS NOT NULL' : '';
      const dDay = `(finished_at / ${DAY})`;
      const counts: Array<[string, string]> = [
        ['deploy_attempts', `outcome <> 'cancelled'`],
        ['deployments', `outcome = 'success'`],
        [
          'failed_changes',
          `(outcome IN ('failure', 'rolled_back') OR (outcome = 'success' AND incident_count > 0))`,
        ],
      ];
      for (const [metric, condition] of counts) {
        await trx.raw(
          `INSERT INTO devex_daily_stats (scope, metric, day, bucket, n, total)
           SELECT ${scope.expr}, '${metric}', ${dDay}, 0, COUNT(*), 0
           FROM devex_deployments
           WHERE is_production = ? AND ${condition} ${teamFilter}
           GROUP BY ${groupBy(dDay)}`,
          [true],
        );
      }
      const prefixed = scope.expr.replace(/(entity_ref|team_ref)/, 'd.$1');
      await trx.raw(
        `INSERT INTO devex_daily_stats (scope, metric, day, bucket, n, total)
         SELECT ${prefixed}, 'lead_time', (d.finished_at / ${DAY}), c.lead_time_bucket,
                COUNT(*), SUM(c.lead_time_seconds)
         FROM devex_deployment_commits c
         JOIN devex_deployments d ON d.id = c.deployment_id
         WHERE d.is_production = ? AND d.outcome = 'success'
           ${scope.team ? 'AND d.team_ref IS NOT NULL' : ''}
         GROUP BY ${[
           scope.constant ? undefined : prefixed,
           `(d.finished_at / ${DAY})`,
           'c.lead_time_bucket',
         ]
           .filter(Boolean)
           .join(', ')}`,
        [true],
      );
      const iDay = `(opened_at / ${DAY})`;
      const severity = `CASE severity WHEN 'sev1' THEN 1 WHEN 'sev2' THEN 2 WHEN 'sev3' THEN 3 WHEN 'sev4' THEN 4 ELSE 0 END`;
      await trx.raw(
        `INSERT INTO devex_daily_stats (scope, metric, day, bucket, n, total)
         SELECT ${scope.expr}, 'incidents', ${iDay}, ${severity}, COUNT(*), 0
         FROM devex_incidents
         WHERE 1 = 1 ${teamFilter}
         GROUP BY ${groupBy(iDay, severity)}`,
      );
      await trx.raw(
        `INSERT INTO devex_daily_stats (scope, metric, day, bucket, n, total)
         SELECT ${scope.expr}, 'restore_time', ${iDay}, restore_bucket, COUNT(*),
                SUM((resolved_at - opened_at) / 1000.0)
         FROM devex_incidents
         WHERE resolved_at IS NOT NULL ${teamFilter}
         GROUP BY ${groupBy(iDay, 'restore_bucket')}`,
      );
    }
    await trx('devex_weekly_stats').delete();
    await trx.raw(
      `INSERT INTO devex_weekly_stats (scope, metric, week, bucket, n, total)
       SELECT scope, metric, (day + 3) / 7, bucket, SUM(n), SUM(total)
       FROM devex_daily_stats
       GROUP BY scope, metric, (day + 3) / 7, bucket`,
    );
    // The organization's activity per day, from every person's day.
    await trx('devex_activity_daily').delete();
    await trx.raw(
      `INSERT INTO devex_activity_daily (day, users, sessions, page_views)
       SELECT day, COUNT(*), SUM(sessions), SUM(page_views)
       FROM devex_activity
       GROUP BY day`,
    );
    await trx('devex_entity_deployments').delete();
    await trx.raw(
      `INSERT INTO devex_entity_deployments
         (entity_ref, first_production_at, last_production_at, last_deployment_at)
       SELECT entity_ref,
              MIN(CASE WHEN is_production = ? AND outcome = 'success' THEN finished_at END),
              MAX(CASE WHEN is_production = ? AND outcome = 'success' THEN finished_at END),
              MAX(finished_at)
       FROM devex_deployments
       GROUP BY entity_ref`,
      [true, true],
    );
    // The windows, at the day they had reached (filled by the next move if never).
    await refillWindows(trx);
  });
}
