import path from 'node:path';
import { DatabasePolicy, PolicyInput } from './DatabasePolicy';

// The repository's own policy file, as the portal loads it.
const policy = DatabasePolicy.fromFiles([
  path.resolve(__dirname, '../../../../policies/databases'),
]);

function input(
  request: Partial<PolicyInput['request']> = {},
  team: Partial<PolicyInput['team']> = {},
  nameTaken = false,
): PolicyInput {
  return {
    request: {
      kind: 'create',
      name: 'orders',
      environment: 'development',
      size: 'small',
      region: 'eu-west-1',
      backupRetentionDays: 7,
      highAvailability: false,
      justification: '',
      monthlyCostUsd: 25,
      component: 'component:default/checkout-service',
      team: 'group:default/team-checkout',
      ...request,
    },
    team: {
      ref: 'group:default/team-checkout',
      monthlyCostUsd: 0,
      databaseCount: 0,
      ...team,
    },
    existing: { nameTaken },
  };
}

const messages = (reasons: Array<{ message: string }>) => reasons.map(r => r.message);

describe('the database request policy (policies/databases)', () => {
  it('allows a small development database without asking anyone', () => {
    const verdict = policy.evaluate(input());
    expect(verdict.decision).toBe('allow');
    expect(verdict.reasons).toEqual([]);
    expect(verdict.approvalReasons).toEqual([]);
  });

  it('asks for an approval, and a justification, for a large production database', () => {
    const large = {
      environment: 'production',
      size: 'large',
      highAvailability: true,
      monthlyCostUsd: 900,
    };
    const withoutReason = policy.evaluate(input(large));
    expect(withoutReason.decision).toBe('deny');
    expect(withoutReason.reasons).toEqual([
      expect.objectContaining({
        field: 'justification',
        message: expect.stringContaining('explain in at least 20 characters'),
      }),
    ]);

    const verdict = policy.evaluate(
      input({ ...large, justification: 'Order history for the new loyalty programme' }),
    );
    expect(verdict.decision).toBe('needs-approval');
    expect(messages(verdict.approvalReasons)).toEqual([
      'A large production database needs the approval of a platform-team member.',
      'This database takes group:default/team-checkout to 90 % of its monthly budget (over 80 % needs an approval).',
    ]);
  });

  it('denies with every broken rule at once', () => {
    const verdict = policy.evaluate(
      input(
        {
          name: 'postgres',
          environment: 'production',
          size: 'large',
          backupRetentionDays: 1,
          highAvailability: false,
          monthlyCostUsd: 450,
        },
        { monthlyCostUsd: 700, databaseCount: 10 },
        true,
      ),
    );
    expect(verdict.decision).toBe('deny');
    expect(verdict.reasons.map(r => r.field)).toEqual([
      'name',
      'name',
      'backupRetentionDays',
      'highAvailability',
      'size',
      undefined,
      'justification',
    ]);
    expect(messages(verdict.reasons)).toContain(
      'This database costs $450 a month, which takes group:default/team-checkout to $1150 of its $1000 monthly budget; choose a smaller size or ask the platform team for more budget.',
    );
    expect(messages(verdict.reasons)).toContain(
      'group:default/team-checkout already has 10 databases, the most a team may have (10); decommission one first.',
    );
  });

  it('does not offer large databases outside production, and names the sizes that are', () => {
    const verdict = policy.evaluate(input({ size: 'large', monthlyCostUsd: 450 }));
    expect(verdict.decision).toBe('deny');
    expect(messages(verdict.reasons)).toEqual([
      'A large database is not offered in development; choose small or medium.',
    ]);
  });

  it('uses the budget of teams that have their own', () => {
    const verdict = policy.evaluate(
      input(
        { monthlyCostUsd: 120, size: 'medium', team: 'group:default/team-data' },
        { ref: 'group:default/team-data', monthlyCostUsd: 2000 },
      ),
    );
    expect(verdict.decision).toBe('allow');
  });

  it('ignores the count limit for a resize', () => {
    const verdict = policy.evaluate(
      input({ kind: 'resize', size: 'medium', monthlyCostUsd: 120 }, { databaseCount: 10 }),
    );
    expect(verdict.decision).toBe('allow');
  });
});

describe('DatabasePolicy', () => {
  const header = `apiVersion: policies.wayfarer.example/v1
kind: DatabaseRequestPolicy
metadata: { name: test }
`;

  it('refuses a policy whose expression does not compile, naming where', () => {
    expect(() =>
      DatabasePolicy.fromYaml({
        'broken.yaml': `${header}spec:
  validations:
    - expression: "request.size == "
      message: nope
`,
      }),
    ).toThrow(/broken.yaml has an expression that does not compile at validations\[0\]\.expression/);
  });

  it('denies, failing closed, when an expression cannot be evaluated', () => {
    const verdict = DatabasePolicy.fromYaml({
      'typo.yaml': `${header}spec:
  validations:
    - expression: request.sise == 'small'
      message: never shown
`,
    }).evaluate(input());
    expect(verdict.decision).toBe('deny');
    expect(verdict.reasons[0].message).toMatch(/The policy test could not be evaluated/);
  });

  it('denies everything when no policy is configured', () => {
    const verdict = DatabasePolicy.fromFiles([]).evaluate(input());
    expect(verdict.decision).toBe('deny');
    expect(verdict.reasons[0].message).toMatch(/No database policy is configured/);
  });
});
