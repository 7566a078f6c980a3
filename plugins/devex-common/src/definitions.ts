import type { MetricDefinition } from './dora';

/** What the platform, satisfaction and cost numbers mean; shown on hover. */
export const PLATFORM_DEFINITIONS = {
  goldenPathAdoption: {
    title: 'Golden-path adoption',
    definition:
      'Share of components created from a software template: the catalog entity carries the backstage.io/source-template annotation, or a template run in the portal created it.',
  },
  catalogCoverage: {
    title: 'Catalog coverage',
    definition:
      'Share of components with an owner that exists in the catalog, with TechDocs (backstage.io/techdocs-ref), with CI (a CI annotation or a deployment reported in the last 90 days) and with a lifecycle.',
  },
  timeToFirstValue: {
    title: 'Time to first value',
    definition:
      'Median time from an entity being created (its template run finished, or the portal first saw it) to its first successful production deployment, over entities first deployed in the window.',
  },
  scaffolder: {
    title: 'Template runs',
    definition:
      'Template runs started in the window as the scaffolder records them: success rate among finished runs and median duration from start to finish.',
  },
  databaseRequests: {
    title: 'Database requests',
    definition:
      'Database requests made in the window: lead time from request to provisioned, time waiting for approval, and the share denied or rejected.',
  },
  activeUsers: {
    title: 'Active users',
    definition:
      'Signed-in people who opened at least one portal page in the window (page views reported by the portal itself); sessions count browser sessions started.',
  },
} satisfies Record<string, MetricDefinition>;

export const SATISFACTION_DEFINITIONS = {
  score: {
    title: 'Satisfaction',
    definition:
      'Average answer (1 = very dissatisfied, 5 = very satisfied) to the pulse survey, asked at most once per period to each signed-in user.',
  },
  responseRate: {
    title: 'Response rate',
    definition:
      'People who answered the pulse survey divided by the people active in the portal during those periods (everyone active was asked).',
  },
} satisfies Record<string, MetricDefinition>;

export const COST_DEFINITIONS = {
  monthlyCost: {
    title: 'Monthly cost (showback)',
    definition:
      "Sum of the monthly cost of the resources a team owns: the resource's wayfarer.example/monthly-cost-usd annotation, else its cost class (wayfarer.example/size-class or the portal's configuration) priced from devex.cost.classes. Compared with the team's budget from devex.cost.budgets.",
  },
} satisfies Record<string, MetricDefinition>;
