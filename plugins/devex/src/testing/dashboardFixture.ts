import type { DashboardResponse } from '@internal/plugin-devex-common';

/** An organization dashboard as the backend would return it for a small org. */
export function dashboardFixture(overrides: Partial<DashboardResponse> = {}): DashboardResponse {
  const days = ['2026-03-13', '2026-03-14', '2026-03-15'];
  return {
    scope: { kind: 'organization', title: 'Wayfarer' },
    window: { start: '2026-02-14', end: '2026-03-15', days: 30, bucket: 'day' },
    previousWindow: { start: '2026-01-15', end: '2026-02-13', days: 30 },
    generatedAt: '2026-03-15T12:00:00.000Z',
    hasData: { deployments: true, incidents: true, surveys: true, catalog: true },
    dora: {
      deploymentFrequency: { value: 1.5, previous: 1.2, tier: 'elite', sampleSize: 90, deployments: 90, perDay: 3, servicesDeploying: 2 },
      leadTime: { value: 3 * 3600, previous: 5 * 3600, tier: 'elite', sampleSize: 200 },
      changeFailureRate: { value: 0.12, previous: 0.1, tier: 'medium', sampleSize: 100, failedChanges: 12, deployments: 100 },
      timeToRestore: { value: 2 * 86_400, tier: 'medium', sampleSize: 4, openIncidents: 1 },
    },
    doraSeries: days.map(day => ({
      start: day, end: day, days: 1, deployments: 3, deploymentAttempts: 3, failedChanges: 0, changeFailureRate: 0, leadTimeSeconds: 3600, incidents: 0,
    })),
    leadTimeDistribution: [
      { label: '< 1 hour', count: 50 },
      { label: '1 hour – 1 day', count: 120 },
      { label: '1 day – 1 week', count: 30 },
      { label: '1 week – 1 month', count: 0 },
      { label: '> 1 month', count: 0 },
    ],
    incidents: { opened: 5, open: 1, bySeverity: { sev1: 0, sev2: 2, sev3: 3, sev4: 0 } },
    platform: {
      adoption: { components: 20, fromTemplate: 4, withOwner: 20, withDocs: 18, withCi: 15, withLifecycle: 20, series: [] },
      timeToFirstValue: {
        medianSeconds: 4.8 * 86_400,
        measured: 1,
        waiting: 1,
        entities: [
          { entityRef: 'component:default/fraud-screening-service', title: 'Fraud Screening', createdAt: '2026-02-20T10:00:00.000Z', firstProductionAt: '2026-02-25T05:00:00.000Z', seconds: 4.8 * 86_400 },
          { entityRef: 'component:default/ndc-airline-gateway', title: 'NDC Airline Gateway', createdAt: '2026-03-01T10:00:00.000Z' },
        ],
      },
      scaffolder: {
        runs: 10, succeeded: 9, failed: 1, cancelled: 0, successRate: 0.9, medianDurationSeconds: 95,
        byTemplate: [{ templateRef: 'template:default/node-service', title: 'Node.js service', runs: 10, succeeded: 9, successRate: 0.9, medianDurationSeconds: 95 }],
        series: [],
      },
      databaseRequests: { requests: 4, provisioned: 3, refused: 1, failed: 0, awaitingApproval: 0, refusalRate: 0.25, medianLeadTimeSeconds: 7200, medianApprovalWaitSeconds: 6000 },
      activeUsers: { activeUsers: 25, previous: 22, sessions: 80, pageViews: 900, series: [] },
    },
    satisfaction: {
      averageScore: 3.9, previousAverageScore: 3.7, responses: 20, dismissals: 2, askedUsers: 25, responseRate: 0.8,
      series: [{ period: '2026-03', label: 'March 2026', averageScore: 3.9, responses: 20 }],
      distribution: [{ score: 4, count: 12 }, { score: 3, count: 8 }],
      ratings: [
        { kind: 'template-run', averageScore: 4.5, count: 6 },
        { kind: 'database-request', count: 0 },
      ],
      comments: [{ id: '1', kind: 'pulse', score: 2, comment: 'Flaky integration tests block our pipeline.', createdAt: '2026-03-10T09:00:00.000Z' }],
      authorsVisible: false,
    },
    cost: {
      monthlyUsd: 5200,
      budgetUsd: 5000,
      byTeam: [{ teamRef: 'group:default/team-checkout', title: 'Checkout', monthlyUsd: 1500, budgetUsd: 1200 }],
      byResource: [{ entityRef: 'resource:default/checkout-db', title: 'Checkout database', type: 'database', ownerRef: 'group:default/team-checkout', monthlyUsd: 1200, costClass: 'xl', source: 'configured-class' }],
      series: [],
    },
    breakdown: {
      kind: 'team',
      rows: [
        { ref: 'group:default/team-checkout', title: 'Checkout', deploymentsPerDay: 4, deploymentFrequencyTier: 'elite', leadTimeSeconds: 7200, leadTimeTier: 'elite', changeFailureRate: 0.04, changeFailureRateTier: 'elite', timeToRestoreSeconds: 1800, timeToRestoreTier: 'elite', activeUsers: 4, averageScore: 4.3, monthlyCostUsd: 1500, budgetUsd: 1200 },
        { ref: 'group:default/team-flights', title: 'Flights', deploymentsPerDay: 0.1, deploymentFrequencyTier: 'medium', leadTimeSeconds: 12 * 86_400, leadTimeTier: 'medium', changeFailureRate: 0.25, changeFailureRateTier: 'low', activeUsers: 3 },
      ],
    },
    ...overrides,
  };
}
