const HOUR = 3600;
const DAY = 24 * HOUR;

/** How a team of the demo organization ships: some elite, some struggling, one improving. */
export type TeamProfile = {
  /** Production deployments per service per working day, at the end of the 90 days. */
  deploysPerDay: number;
  /** Commit-to-production lead time range in seconds (log-uniform). */
  leadTime: [number, number];
  /** Share of production deployments that fail, are rolled back or cause an incident. */
  failureRate: number;
  /** Time to restore range in seconds (log-uniform). */
  restoreTime: [number, number];
  /** Incidents not caused by a deployment, per service per week. */
  incidentsPerWeek: number;
  /** 90 days ago the team was this much slower (1 = no change). */
  improvement: number;
  /** Pulse survey answers centre on this score. */
  satisfaction: number;
  /** Share of working days each member opens the portal. */
  activity: number;
};

export const TEAM_PROFILES: Record<string, TeamProfile> = {
  'group:default/team-checkout': {
    deploysPerDay: 2.2, leadTime: [0.5 * HOUR, 14 * HOUR], failureRate: 0.04,
    restoreTime: [15 * 60, 80 * 60], incidentsPerWeek: 0.15, improvement: 1.2, satisfaction: 4.3, activity: 0.85,
  },
  'group:default/team-search': {
    deploysPerDay: 3, leadTime: [0.3 * HOUR, 8 * HOUR], failureRate: 0.03,
    restoreTime: [10 * 60, 50 * 60], incidentsPerWeek: 0.1, improvement: 1, satisfaction: 4.5, activity: 0.8,
  },
  'group:default/platform-team': {
    deploysPerDay: 2.5, leadTime: [0.4 * HOUR, 10 * HOUR], failureRate: 0.05,
    restoreTime: [10 * 60, 70 * 60], incidentsPerWeek: 0.1, improvement: 1, satisfaction: 4.4, activity: 0.95,
  },
  'group:default/team-payments': {
    deploysPerDay: 0.8, leadTime: [10 * HOUR, 4 * DAY], failureRate: 0.08,
    restoreTime: [1 * HOUR, 10 * HOUR], incidentsPerWeek: 0.2, improvement: 1.1, satisfaction: 3.9, activity: 0.7,
  },
  'group:default/team-hotels': {
    deploysPerDay: 0.9, leadTime: [8 * HOUR, 3 * DAY], failureRate: 0.07,
    restoreTime: [40 * 60, 6 * HOUR], incidentsPerWeek: 0.2, improvement: 3, satisfaction: 4.0, activity: 0.75,
  },
  'group:default/team-data': {
    deploysPerDay: 0.35, leadTime: [1 * DAY, 9 * DAY], failureRate: 0.13,
    restoreTime: [4 * HOUR, 2 * DAY], incidentsPerWeek: 0.25, improvement: 1.3, satisfaction: 3.5, activity: 0.6,
  },
  'group:default/team-mobile': {
    deploysPerDay: 0.18, leadTime: [3 * DAY, 12 * DAY], failureRate: 0.12,
    restoreTime: [6 * HOUR, 30 * HOUR], incidentsPerWeek: 0.15, improvement: 1, satisfaction: 3.6, activity: 0.65,
  },
  'group:default/team-flights': {
    deploysPerDay: 0.1, leadTime: [12 * DAY, 75 * DAY], failureRate: 0.35,
    restoreTime: [1 * DAY, 12 * DAY], incidentsPerWeek: 0.35, improvement: 0.8, satisfaction: 2.7, activity: 0.55,
  },
};

/** A profile for teams the demo does not describe, chosen by the team's name. */
export function profileFor(teamRef: string | undefined): TeamProfile {
  const known = teamRef ? TEAM_PROFILES[teamRef] : undefined;
  if (known) return known;
  const names = Object.keys(TEAM_PROFILES);
  let h = 0;
  for (const c of teamRef ?? '') h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return TEAM_PROFILES[names[h % names.length]];
}

/**
 * Demo components created from golden-path templates during the 90 days: days ago
 * the template run finished, and days after that the first production deployment
 * happened (undefined: not in production yet).
 */
export const CREATED_FROM_TEMPLATES: Record<
  string,
  { template: string; createdDaysAgo: number; firstProductionAfterDays?: number }
> = {
  'component:default/destination-autocomplete': {
    template: 'template:default/node-service', createdDaysAgo: 80, firstProductionAfterDays: 1.6,
  },
  'component:default/fraud-screening-service': {
    template: 'template:default/node-service', createdDaysAgo: 62, firstProductionAfterDays: 4.8,
  },
  'component:default/trips-pwa': {
    template: 'template:default/react-website', createdDaysAgo: 34, firstProductionAfterDays: 8.5,
  },
  'component:default/ndc-airline-gateway': {
    template: 'template:default/node-service', createdDaysAgo: 21,
  },
};

export const DEMO_TEMPLATES: Record<string, string> = {
  'template:default/node-service': 'Node.js service',
  'template:default/react-website': 'React website',
  'template:default/postgres-database': 'PostgreSQL database',
  'template:default/kafka-topic': 'Kafka topic',
};

export const POSITIVE_COMMENTS = [
  'Creating a service from the template took minutes, CI and docs were ready.',
  'The catalog finally tells me who owns what.',
  'Database requests are much faster than the old ticket queue.',
  'TechDocs next to the code makes runbooks easy to keep current.',
  'Deploying on a Friday no longer scares me.',
];

export const NEUTRAL_COMMENTS = [
  'Good overall, but the staging environment is often busy.',
  'Would like the templates to cover Kotlin services too.',
  'Search works well; some older services still lack docs.',
];

export const NEGATIVE_COMMENTS = [
  'Releases still wait for the weekly change board.',
  'Flaky integration tests block our pipeline most days.',
  'Approval for a database took two days this time.',
  'Hard to find who to ask about the GDS connector.',
];
