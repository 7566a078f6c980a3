import type { DashboardResponse } from '@internal/plugin-devex-common';

type Row = [section: string, metric: string, key: string, value: string | number | undefined, unit: string];

function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The numbers a dashboard shows, as CSV: one row per value with its section,
 * metric, period or item, value and unit. Durations are in seconds, shares as
 * fractions, money in USD.
 */
export function dashboardToCsv(d: DashboardResponse): string {
  const rows: Row[] = [];
  const windowKey = `${d.window.start}..${d.window.end}`;
  const previousKey = `${d.previousWindow.start}..${d.previousWindow.end}`;
  const dora: Array<[string, keyof DashboardResponse['dora'], string]> = [
    ['deployment frequency', 'deploymentFrequency', 'deployments per service per day'],
    ['lead time for changes', 'leadTime', 'seconds'],
    ['change failure rate', 'changeFailureRate', 'fraction'],
    ['time to restore', 'timeToRestore', 'seconds'],
  ];
  for (const [name, key, unit] of dora) {
    const metric = d.dora[key];
    rows.push(['dora', name, windowKey, metric.value, unit]);
    rows.push(['dora', name, previousKey, metric.previous, unit]);
    rows.push(['dora', `${name} tier`, windowKey, metric.tier, '']);
    rows.push(['dora', `${name} sample size`, windowKey, metric.sampleSize, 'count']);
  }
  for (const p of d.doraSeries) {
    const key = `${p.start}..${p.end}`;
    rows.push(['dora trend', 'deployments', key, p.deployments, 'count']);
    rows.push(['dora trend', 'failed changes', key, p.failedChanges, 'count']);
    rows.push(['dora trend', 'change failure rate', key, p.changeFailureRate, 'fraction']);
    rows.push(['dora trend', 'lead time for changes', key, p.leadTimeSeconds, 'seconds']);
    rows.push(['dora trend', 'time to restore', key, p.timeToRestoreSeconds, 'seconds']);
    rows.push(['dora trend', 'incidents', key, p.incidents, 'count']);
  }
  for (const b of d.leadTimeDistribution) {
    rows.push(['lead time distribution', 'changes', b.label, b.count, 'count']);
  }
  rows.push(['incidents', 'opened', windowKey, d.incidents.opened, 'count']);
  rows.push(['incidents', 'open now', d.generatedAt, d.incidents.open, 'count']);
  for (const [severity, count] of Object.entries(d.incidents.bySeverity)) {
    rows.push(['incidents', 'opened by severity', severity, count, 'count']);
  }
  for (const r of d.breakdown.rows) {
    const section = `by ${d.breakdown.kind}`;
    rows.push([section, 'deployments per day', r.ref, r.deploymentsPerDay, 'per day']);
    rows.push([section, 'lead time for changes', r.ref, r.leadTimeSeconds, 'seconds']);
    rows.push([section, 'change failure rate', r.ref, r.changeFailureRate, 'fraction']);
    rows.push([section, 'time to restore', r.ref, r.timeToRestoreSeconds, 'seconds']);
    if (r.activeUsers !== undefined) rows.push([section, 'active users', r.ref, r.activeUsers, 'count']);
    if (r.averageScore !== undefined) rows.push([section, 'satisfaction', r.ref, r.averageScore, 'score 1-5']);
    if (r.monthlyCostUsd !== undefined) rows.push([section, 'monthly cost', r.ref, r.monthlyCostUsd, 'USD']);
    if (r.budgetUsd !== undefined) rows.push([section, 'monthly budget', r.ref, r.budgetUsd, 'USD']);
  }
  const { adoption, timeToFirstValue, scaffolder, databaseRequests, activeUsers } = d.platform;
  for (const key of ['components', 'fromTemplate', 'withOwner', 'withDocs', 'withCi', 'withLifecycle'] as const) {
    rows.push(['adoption', key, d.window.end, adoption[key], 'count']);
  }
  rows.push(['time to first value', 'median', windowKey, timeToFirstValue.medianSeconds, 'seconds']);
  rows.push(['time to first value', 'measured entities', windowKey, timeToFirstValue.measured, 'count']);
  rows.push(['time to first value', 'waiting entities', windowKey, timeToFirstValue.waiting, 'count']);
  rows.push(['template runs', 'runs', windowKey, scaffolder.runs, 'count']);
  rows.push(['template runs', 'success rate', windowKey, scaffolder.successRate, 'fraction']);
  rows.push(['template runs', 'median duration', windowKey, scaffolder.medianDurationSeconds, 'seconds']);
  for (const t of scaffolder.byTemplate) {
    rows.push(['template runs by template', 'runs', t.templateRef, t.runs, 'count']);
    rows.push(['template runs by template', 'success rate', t.templateRef, t.successRate, 'fraction']);
  }
  rows.push(['database requests', 'requests', windowKey, databaseRequests.requests, 'count']);
  rows.push(['database requests', 'refusal rate', windowKey, databaseRequests.refusalRate, 'fraction']);
  rows.push(['database requests', 'median lead time', windowKey, databaseRequests.medianLeadTimeSeconds, 'seconds']);
  rows.push(['database requests', 'median approval wait', windowKey, databaseRequests.medianApprovalWaitSeconds, 'seconds']);
  rows.push(['active users', 'active users', windowKey, activeUsers.activeUsers, 'count']);
  for (const s of activeUsers.series) {
    rows.push(['active users', 'daily active users', s.day, s.users, 'count']);
  }
  const s = d.satisfaction;
  rows.push(['satisfaction', 'average score', windowKey, s.averageScore, 'score 1-5']);
  rows.push(['satisfaction', 'responses', windowKey, s.responses, 'count']);
  rows.push(['satisfaction', 'response rate', windowKey, s.responseRate, 'fraction']);
  for (const p of s.series) {
    rows.push(['satisfaction trend', 'average score', p.period, p.averageScore, 'score 1-5']);
  }
  rows.push(['cost', 'monthly cost', d.generatedAt, d.cost.monthlyUsd, 'USD']);
  rows.push(['cost', 'monthly budget', d.generatedAt, d.cost.budgetUsd, 'USD']);
  for (const t of d.cost.byTeam) {
    rows.push(['cost by team', 'monthly cost', t.teamRef, t.monthlyUsd, 'USD']);
    rows.push(['cost by team', 'monthly budget', t.teamRef, t.budgetUsd, 'USD']);
  }
  for (const r of d.cost.byResource) {
    rows.push(['cost by resource', 'monthly cost', r.entityRef, r.monthlyUsd, 'USD']);
  }
  const header = 'section,metric,period_or_item,value,unit';
  return [header, ...rows.map(r => r.map(cell).join(','))].join('\n').concat('\n');
}

/** A file name like devex-team-checkout-30d-2026-03-15.csv. */
export function csvFileName(d: DashboardResponse): string {
  const scope = d.scope.ref ? d.scope.ref.replace(/^.*\//, '') : 'organization';
  return `devex-${scope}-${d.window.days}d-${d.window.end}.csv`;
}
