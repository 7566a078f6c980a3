import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { CatalogRegistration } from '../catalog/CatalogRegistration';
import { RunLedger } from '../rollback/RunLedger';
import { createRegisterAction } from './createRegisterAction';
import { createRollbackAction } from './createRollbackAction';

const CATALOG_FILE =
  'https://github.com/wayfarer/payment-reminders/blob/main/catalog-info.yaml';

function setup(entityLocation: string) {
  const catalog = catalogServiceMock.mock({
    addLocation: jest.fn(async location => ({
      location: {
        id: 'location-1',
        type: 'url',
        target: location.target,
        entityRef: 'location:default/generated-1',
      },
      entities: [],
    })),
    removeLocationById: jest.fn(async () => undefined),
    refreshEntity: jest.fn(async () => undefined),
    getEntityByRef: jest.fn(async () => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'payment-reminders',
        annotations: { 'backstage.io/managed-by-location': entityLocation },
      },
    })),
  });
  const auth = mockServices.auth();
  const ledger = new RunLedger();
  const register = createRegisterAction({
    catalog,
    auth,
    ledger,
    registration: new CatalogRegistration({
      catalog,
      auth,
      discovery: mockServices.discovery(),
      timeoutMs: 2000,
      pollIntervalMs: 10,
    }),
    publishTarget: {
      target: {
        type: 'github',
        host: 'github.com',
        owner: 'wayfarer',
        repoVisibility: 'private',
      },
    },
  });
  const rollback = createRollbackAction({ ledger });
  const context = () =>
    createMockActionContext({
      input: {
        name: 'payment-reminders',
        entityRef: 'component:default/payment-reminders',
        repoContentsUrl:
          'https://github.com/wayfarer/payment-reminders/blob/main/',
      } as any,
      task: { id: 'run-1' },
    });
  return { catalog, register, rollback, context };
}

describe('golden-paths:register on GitHub', () => {
  it("registers the repository's catalog file as the user and records it for rollback", async () => {
    const { catalog, register, rollback, context } = setup(
      `url:${CATALOG_FILE}`,
    );
    const ctx = context();
    await register.handler(ctx);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'url', target: CATALOG_FILE },
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({ type: 'user' }),
        }),
      },
    );
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'component:default/payment-reminders',
      expect.anything(),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payment-reminders',
    );

    const rollbackCtx = createMockActionContext({ task: { id: 'run-1' } });
    await rollback.handler(rollbackCtx);
    expect(catalog.removeLocationById).toHaveBeenCalledWith(
      'location-1',
      expect.objectContaining({
        credentials: expect.objectContaining({
          principal: expect.objectContaining({ type: 'service' }),
        }),
      }),
    );
  });

  it('refuses an entity that the catalog already has from another location', async () => {
    const { register, context } = setup(
      'url:https://github.com/someone-else/x/blob/main/catalog-info.yaml',
    );
    await expect(register.handler(context())).rejects.toThrow(
      'component:default/payment-reminders already exists in the catalog, registered from url:https://github.com/someone-else/x/blob/main/catalog-info.yaml; choose another name.',
    );
  });

  it('needs the publish step output to know what to register', async () => {
    const { register } = setup(`url:${CATALOG_FILE}`);
    const ctx = createMockActionContext({
      input: {
        name: 'payment-reminders',
        entityRef: 'component:default/payment-reminders',
      } as any,
    });
    await expect(register.handler(ctx)).rejects.toThrow(
      'Registering a github repository needs the repoContentsUrl of the publish step.',
    );
  });
});

describe('golden-paths:rollback', () => {
  it('says so when the run created nothing', async () => {
    const rollback = createRollbackAction({ ledger: new RunLedger() });
    const ctx = createMockActionContext({
      task: { id: 'run-9' },
      logger: mockServices.logger.mock(),
    });
    await rollback.handler(ctx);
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'Nothing was created, so there is nothing to undo.',
    );
  });

  it('undoes newest first, tries everything, and names what it could not remove', async () => {
    const ledger = new RunLedger();
    const order: string[] = [];
    ledger.record('run-1', 'the repository', async () => {
      order.push('repository');
    });
    ledger.record('run-1', 'the location', async () => {
      order.push('location');
      throw new Error('catalog down');
    });
    ledger.record('run-2', 'another run', async () => {
      order.push('other');
    });
    const rollback = createRollbackAction({ ledger });
    await expect(
      rollback.handler(createMockActionContext({ task: { id: 'run-1' } })),
    ).rejects.toThrow(
      'Could not remove the location; ask the platform team to remove it by hand.',
    );
    expect(order).toEqual(['location', 'repository']);
    expect(ledger.has('run-2')).toBe(true);
  });

  it('undoes a run when it is cancelled', async () => {
    const ledger = new RunLedger();
    const undo = jest.fn(async () => undefined);
    const controller = new AbortController();
    ledger.record('run-1', 'the repository', undo);
    ledger.rollbackOnCancel(
      'run-1',
      controller.signal,
      mockServices.logger.mock(),
    );
    controller.abort();
    await new Promise(r => setImmediate(r));
    expect(undo).toHaveBeenCalledTimes(1);
  });
});
