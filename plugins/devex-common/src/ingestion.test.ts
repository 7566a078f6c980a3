import { deploymentEventSchema, eventBatchSchema, incidentEventSchema } from './ingestion';
import { formatZodError } from './formatZodError';

const deployment = {
  eventId: 'gha-run-1234-1',
  entityRef: 'component:default/checkout-service',
  environment: 'production',
  version: '1.4.2',
  commits: [{ sha: 'a1b2c3d4e5f6', committedAt: '2026-03-01T10:00:00+02:00' }],
  startedAt: '2026-03-01T09:00:00Z',
  finishedAt: '2026-03-01T09:12:00Z',
  outcome: 'success',
};

describe('deploymentEventSchema', () => {
  it('accepts a complete deployment and defaults commits to none', () => {
    expect(deploymentEventSchema.parse(deployment).commits).toHaveLength(1);
    const { commits, ...withoutCommits } = deployment;
    expect(deploymentEventSchema.parse(withoutCommits).commits).toEqual([]);
  });

  it('names each wrong field in one readable message', () => {
    const result = deploymentEventSchema.safeParse({
      ...deployment,
      finishedAt: 'yesterday',
      outcome: 'ok',
      commits: [{ sha: 'not-a-sha', committedAt: '2026-03-01T10:00:00Z' }],
    });
    expect(result.success).toBe(false);
    const message = formatZodError(result.error!);
    expect(message).toContain('finishedAt: must be an ISO 8601 timestamp');
    expect(message).toContain('outcome:');
    expect(message).toContain('commits[0].sha: must be a hexadecimal commit SHA');
  });

  it('refuses timestamps without a time zone, unknown fields and a start after the finish', () => {
    expect(
      deploymentEventSchema.safeParse({ ...deployment, finishedAt: '2026-03-01T09:12:00' }).success,
    ).toBe(false);
    const misspelt = deploymentEventSchema.safeParse({ ...deployment, finished_at: 'x' });
    expect(formatZodError(misspelt.error!)).toMatch(/finished_at/);
    const backwards = deploymentEventSchema.safeParse({
      ...deployment,
      startedAt: '2026-03-01T10:00:00Z',
    });
    expect(formatZodError(backwards.error!)).toBe('startedAt: startedAt must not be after finishedAt');
  });

  it('limits a batch to 500 events', () => {
    const batch = eventBatchSchema(deploymentEventSchema);
    expect(batch.safeParse({ events: Array(500).fill(deployment) }).success).toBe(true);
    expect(batch.safeParse({ events: Array(501).fill(deployment) }).success).toBe(false);
    expect(batch.safeParse({ events: [] }).success).toBe(false);
  });
});

describe('incidentEventSchema', () => {
  const incident = {
    eventId: 'PD-123',
    entityRef: 'checkout-service',
    severity: 'sev2',
    openedAt: '2026-03-01T10:00:00Z',
  };

  it('accepts an open incident, and a resolution later', () => {
    expect(incidentEventSchema.safeParse(incident).success).toBe(true);
    expect(
      incidentEventSchema.safeParse({ ...incident, resolvedAt: '2026-03-01T11:00:00Z' }).success,
    ).toBe(true);
    expect(incidentEventSchema.safeParse({ ...incident, resolvedAt: null }).success).toBe(true);
  });

  it('refuses a resolution before the incident opened and unknown severities', () => {
    expect(
      incidentEventSchema.safeParse({ ...incident, resolvedAt: '2026-03-01T09:00:00Z' }).success,
    ).toBe(false);
    expect(incidentEventSchema.safeParse({ ...incident, severity: 'P1' }).success).toBe(false);
  });
});
