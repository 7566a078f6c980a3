import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createValidateAction } from './createValidateAction';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { owner: 'team-checkout' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-service', namespace: 'default' },
    spec: { type: 'service', owner: 'team-checkout', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'fares-api', namespace: 'default' },
    spec: { type: 'openapi', owner: 'team-flights', lifecycle: 'production' },
  },
];

function validate(input: Record<string, unknown>) {
  const action = createValidateAction({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    publishTarget: { problem: 'no target in this test' },
  });
  const ctx = createMockActionContext({
    input: {
      name: 'payment-reminders',
      owner: 'group:default/team-checkout',
      ...input,
    } as any,
  });
  return { run: () => action.handler(ctx), ctx };
}

describe('golden-paths:validate', () => {
  it('accepts a free name with an existing owner and system', async () => {
    const { run, ctx } = validate({ system: 'system:default/checkout' });
    await run();
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payment-reminders',
    );
  });

  it('refuses a malformed name with the rule it breaks', async () => {
    await expect(validate({ name: 'Payment_Reminders' }).run()).rejects.toThrow(
      'The name "Payment_Reminders" cannot be used. Use lowercase letters',
    );
  });

  it('refuses a name whose component exists, naming the owner', async () => {
    await expect(validate({ name: 'checkout-service' }).run()).rejects.toThrow(
      'The name checkout-service is already taken: component:default/checkout-service exists in the catalog, owned by team-checkout. Choose another name.',
    );
  });

  it('refuses a name whose API <name>-api exists when the project provides an API', async () => {
    await expect(
      validate({ name: 'fares', providesApi: true }).run(),
    ).rejects.toThrow('api:default/fares-api exists');
    await expect(validate({ name: 'fares' }).run()).resolves.toBeUndefined();
  });

  it('refuses an owner that is not a team in the catalog', async () => {
    await expect(
      validate({ owner: 'group:default/team-nobody' }).run(),
    ).rejects.toThrow(
      'There is no team group:default/team-nobody in the catalog. Pick the owning team from the list.',
    );
    await expect(
      validate({ owner: 'user:default/guest' }).run(),
    ).rejects.toThrow('The owner "user:default/guest" is not a team.');
  });

  it('refuses a system that does not exist, and accepts none', async () => {
    await expect(
      validate({ system: 'system:default/atlantis' }).run(),
    ).rejects.toThrow(
      'There is no system system:default/atlantis in the catalog.',
    );
    await expect(
      validate({ system: 'group:default/team-checkout' }).run(),
    ).rejects.toThrow('There is no system group:default/team-checkout');
    await expect(validate({ system: '' }).run()).resolves.toBeUndefined();
  });

  it('puts the sentence, not a stack trace, where the task log shows it', async () => {
    const error = await validate({ name: 'checkout-service' })
      .run()
      .catch(e => e);
    expect(error.stack).toBe(error.message);
  });
});
