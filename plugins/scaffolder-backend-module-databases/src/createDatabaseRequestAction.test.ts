import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createDatabaseRequestAction } from './createDatabaseRequestAction';

function requestWith(status: string, extra: object = {}) {
  return {
    id: 'req-1',
    status,
    spec: { name: 'orders', environment: 'development' },
    databaseEntityRef: 'resource:default/orders-development',
    monthlyCostUsd: 25,
    verdict: { decision: 'allow', reasons: [], approvalReasons: [] },
    ...extra,
  } as any;
}

const input = {
  component: 'component:default/checkout-service',
  name: 'orders',
  environment: 'development' as const,
  size: 'small' as const,
};

function context() {
  const logs: string[] = [];
  const logger = mockServices.logger.mock();
  logger.info.mockImplementation((m: string) => {
    logs.push(m);
  });
  const ctx = createMockActionContext({
    input,
    logger,
  });
  return { ctx, logs };
}

describe('databases:request', () => {
  it("files the request on the user's behalf once, and waits until it is provisioned", async () => {
    const submitRequest = jest.fn(async () => requestWith('queued'));
    const getRequest = jest
      .fn()
      .mockResolvedValueOnce(requestWith('queued'))
      .mockResolvedValueOnce(requestWith('running'))
      .mockResolvedValue(requestWith('completed'));
    const action = createDatabaseRequestAction({
      client: { submitRequest, getRequest },
      auth: mockServices.auth(),
      pollMs: 1,
    });
    const { ctx, logs } = context();
    await action.handler(ctx);

    expect(submitRequest).toHaveBeenCalledTimes(1);
    expect(submitRequest).toHaveBeenCalledWith(input, { token: expect.any(String) });
    expect(ctx.output).toHaveBeenCalledWith('status', 'completed');
    expect(ctx.output).toHaveBeenCalledWith('entityRef', 'resource:default/orders-development');
    expect(logs.join('\n')).toContain('orders (development) is ready');
    // The action never asks for credentials, so none can be in the task log.
    expect(logs.join('\n')).not.toMatch(/password/i);
  });

  it('ends with a link when a platform-team member must approve', async () => {
    const waiting = requestWith('awaiting-approval', {
      verdict: {
        decision: 'needs-approval',
        reasons: [],
        approvalReasons: [{ message: 'A large production database needs the approval of a platform-team member.' }],
      },
    });
    const action = createDatabaseRequestAction({
      client: { submitRequest: jest.fn(async () => waiting), getRequest: jest.fn(async () => waiting) },
      auth: mockServices.auth(),
    });
    const { ctx, logs } = context();
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('status', 'awaiting-approval');
    expect(ctx.output).toHaveBeenCalledWith('requestUrl', '/databases/requests/req-1');
    expect(logs.join('\n')).toContain('needs the approval of a platform-team member');
  });

  it('fails the step with every reason when the policy denies it', async () => {
    const denied = requestWith('denied', {
      verdict: {
        decision: 'deny',
        reasons: [
          { message: 'A large database is not offered in development; choose small or medium.' },
        ],
        approvalReasons: [],
      },
    });
    const action = createDatabaseRequestAction({
      client: { submitRequest: jest.fn(async () => denied), getRequest: jest.fn(async () => denied) },
      auth: mockServices.auth(),
    });
    const { ctx } = context();
    await expect(action.handler(ctx)).rejects.toThrow(
      'The database policy denied orders (development): A large database is not offered in development; choose small or medium.',
    );
  });
});
