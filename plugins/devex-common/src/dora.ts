/**
 * The four DORA metrics, their tiers and what they mean. The thresholds follow the
 * DORA State of DevOps report (2023): "elite" is on-demand deployment, changes in
 * production within a day, at most 5% of changes failing and service restored
 * within an hour.
 */

/** Performance tiers, best first. */
export type DoraTier = 'elite' | 'high' | 'medium' | 'low';

export const DORA_TIERS: readonly DoraTier[] = ['elite', 'high', 'medium', 'low'];

export type DoraMetricKey =
  | 'deploymentFrequency'
  | 'leadTime'
  | 'changeFailureRate'
  | 'timeToRestore';

export const DORA_METRIC_KEYS: readonly DoraMetricKey[] = [
  'deploymentFrequency',
  'leadTime',
  'changeFailureRate',
  'timeToRestore',
];

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Where each tier ends. Deployment frequency is in production deployments per
 * service per day (higher is better); lead time and time to restore in seconds and
 * change failure rate as a fraction (lower is better).
 */
export const DORA_THRESHOLDS = {
  /** At least this many deployments per service per day. */
  deploymentFrequency: { elite: 1, high: 1 / 7, medium: 1 / 30 },
  /** Less than this many seconds from commit to production. */
  leadTime: { elite: DAY, high: 7 * DAY, medium: 30 * DAY },
  /** At most this share of production changes failing. */
  changeFailureRate: { elite: 0.05, high: 0.1, medium: 0.15 },
  /** Less than this many seconds from incident to restored service. */
  timeToRestore: { elite: HOUR, high: DAY, medium: 7 * DAY },
} as const;

/** The tier a value falls in, or undefined when there is no value to judge. */
export function doraTier(
  metric: DoraMetricKey,
  value: number | undefined,
): DoraTier | undefined {
  if (value === undefined || !Number.isFinite(value)) {
    return undefined;
  }
  if (metric === 'deploymentFrequency') {
    const t = DORA_THRESHOLDS.deploymentFrequency;
    if (value >= t.elite) return 'elite';
    if (value >= t.high) return 'high';
    if (value >= t.medium) return 'medium';
    return 'low';
  }
  if (metric === 'changeFailureRate') {
    const t = DORA_THRESHOLDS.changeFailureRate;
    if (value <= t.elite) return 'elite';
    if (value <= t.high) return 'high';
    if (value <= t.medium) return 'medium';
    return 'low';
  }
  const t = DORA_THRESHOLDS[metric];
  if (value < t.elite) return 'elite';
  if (value < t.high) return 'high';
  if (value < t.medium) return 'medium';
  return 'low';
}

/** A metric's name, how it is computed, and what each tier means; shown on hover. */
export type MetricDefinition = {
  title: string;
  definition: string;
  tiers?: Record<DoraTier, string>;
};

export const DORA_DEFINITIONS: Record<DoraMetricKey, MetricDefinition> = {
  deploymentFrequency: {
    title: 'Deployment frequency',
    definition:
      'Successful production deployments per day. The tier uses deployments per service per day: the deployments divided by the services that deployed in the window.',
    tiers: {
      elite: 'On demand: once a day or more per service',
      high: 'Between once a day and once a week',
      medium: 'Between once a week and once a month',
      low: 'Less than once a month',
    },
  },
  leadTime: {
    title: 'Lead time for changes',
    definition:
      'Median time from a commit to the successful production deployment that shipped it, over every commit first deployed in the window. A deployment with many commits counts each commit.',
    tiers: {
      elite: 'Less than one day',
      high: 'Between one day and one week',
      medium: 'Between one week and one month',
      low: 'More than one month',
    },
  },
  changeFailureRate: {
    title: 'Change failure rate',
    definition:
      'Share of production deployments that failed, were rolled back, or caused an incident (an incident names them as its cause). Cancelled deployments are not counted.',
    tiers: {
      elite: '5% or less',
      high: '10% or less',
      medium: '15% or less',
      low: 'More than 15%',
    },
  },
  timeToRestore: {
    title: 'Time to restore service',
    definition:
      'Median time from an incident being opened to it being resolved, over the incidents opened in the window. Incidents still open are shown separately and not counted.',
    tiers: {
      elite: 'Less than one hour',
      high: 'Less than one day',
      medium: 'Less than one week',
      low: 'One week or more',
    },
  },
};
