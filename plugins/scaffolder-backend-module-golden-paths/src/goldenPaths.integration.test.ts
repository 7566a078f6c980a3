import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PORTAL_TEST_DATABASE_IDS } from '@internal/backend-test-kit';
import { databaseRequestStandIn } from './__testUtils__/databaseRequestStandIn';
import {
  GoldenPathBackend,
  startGoldenPathBackend,
  TestDatabases,
  waitFor,
} from './__testUtils__/goldenPathBackend';

// Each test runs templates through a real scaffolder, catalog and TechDocs backend.
jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: [...PORTAL_TEST_DATABASE_IDS] });

function serviceValues(name: string, extra: object = {}) {
  return {
    name,
    description: 'Reminds travellers of unpaid bookings before they expire.',
    owner: 'group:default/team-checkout',
    system: 'system:default/checkout',
    lifecycle: 'experimental',
    ...extra,
  };
}

describe.each(PORTAL_TEST_DATABASE_IDS)('golden paths on %s', databaseId => {
  let portal: GoldenPathBackend;
  const database = databaseRequestStandIn();

  beforeAll(async () => {
    portal = await startGoldenPathBackend({
      databases: { databases, id: databaseId },
      extraFeatures: [database.module],
    });
    await portal.ready();
  });

  afterAll(async () => {
    await portal?.stop();
  });

  beforeEach(() => {
    database.state.fail = false;
    database.state.calls = [];
  });

  it('creates a service: a git repository authored by the user, its component and API in the catalog, its docs served', async () => {
    const { task, stepStatus, log } = await portal.run(
      'typescript-service',
      serviceValues('payment-reminders'),
    );
    expect(task.status).toBe('completed');
    for (const step of [
      'validate',
      'target',
      'fetch',
      'publish-local',
      'register',
    ]) {
      expect(stepStatus(step)).toBe('completed');
    }
    expect(stepStatus('publish-github')).toBe('skipped');
    expect(stepStatus('database')).toBe('skipped');
    expect(stepStatus('rollback')).toBe('skipped');

    // Readable from the catalog as soon as the run ends, with its owner and system.
    const component = await portal.getEntity(
      'component:default/payment-reminders',
    );
    expect(component.spec).toMatchObject({
      type: 'service',
      owner: 'group:default/team-checkout',
      system: 'checkout',
      lifecycle: 'experimental',
      providesApis: ['payment-reminders-api'],
    });
    expect(component.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownedBy', targetRef: 'group:default/team-checkout' },
        { type: 'partOf', targetRef: 'system:default/checkout' },
      ]),
    );
    await waitFor(
      async () =>
        (await portal.entityStatus('api:default/payment-reminders-api')) ===
        200,
      'the API',
    );
    const api = await portal.getEntity('api:default/payment-reminders-api');
    expect(api.spec.definition).toContain('openapi: 3.0.3');

    // The docs were built during the run.
    const docs = await portal.docsIndex('payment-reminders');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('Reminds travellers of unpaid bookings');

    // A real repository, cloneable, first commit by the requesting user.
    const repository = join(portal.repositories, 'payment-reminders');
    const clone = portal.mockDir.resolve('clone-payment-reminders');
    execFileSync('git', ['clone', '-q', repository, clone]);
    expect(
      execFileSync('git', ['-C', clone, 'log', '--format=%an <%ae>|%s'], {
        encoding: 'utf8',
      }).trim(),
    ).toBe(
      'Guest Developer <guest@wayfarer.example>|Create payment-reminders from a golden path',
    );
    expect(existsSync(join(clone, 'k8s/deployment.yaml'))).toBe(true);
    expect(log.map(l => l.message).join('\n')).toContain(
      `git clone ${repository}`,
    );
  });

  it('refuses values the form would not allow before any step runs, creating nothing', async () => {
    const cases: Array<[object, RegExp]> = [
      [serviceValues('Payment_Reminders'), /name.*does not match pattern/],
      [serviceValues('pr'), /name.*does not meet minimum length/],
      [serviceValues(123 as any), /name.*is not of a type\(s\) string/],
      [
        serviceValues('ok-name', { owner: 'user:default/guest' }),
        /owner.*does not match pattern/,
      ],
      [
        serviceValues('ok-name', { lifecycle: 'retired' }),
        /lifecycle.*is not one of enum values/,
      ],
      [
        serviceValues('ok-name', { description: 'x\nkind: Group' }),
        /description.*does not match pattern/,
      ],
      [
        serviceValues('ok-name', { addDatabase: true, databaseSize: 'huge' }),
        /databaseSize|oneOf/,
      ],
    ];
    for (const [values, message] of cases) {
      const res = await portal.createTask('typescript-service', values);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.errors)).toMatch(message);
    }
    expect(await portal.entityStatus('component:default/ok-name')).toBe(404);
    expect(existsSync(join(portal.repositories, 'ok-name'))).toBe(false);
  });

  it('refuses a taken name, an unknown owner and an unknown system at its first step, creating nothing', async () => {
    const cases: Array<[object, string]> = [
      [
        serviceValues('checkout-service'),
        'The name checkout-service is already taken: component:default/checkout-service exists in the catalog, owned by team-checkout. Choose another name.',
      ],
      [
        serviceValues('ghost-service', { owner: 'group:default/team-ghosts' }),
        'There is no team group:default/team-ghosts in the catalog. Pick the owning team from the list.',
      ],
      [
        serviceValues('ghost-service', { system: 'system:default/atlantis' }),
        'There is no system system:default/atlantis in the catalog.',
      ],
    ];
    for (const [values, message] of cases) {
      const { task, log, stepStatus } = await portal.run(
        'typescript-service',
        values,
      );
      expect(task.status).toBe('failed');
      expect(stepStatus('validate')).toBe('failed');
      expect(stepStatus('fetch')).toBe('skipped');
      const failure = log.find(
        l => l.stepId === 'validate' && l.status === 'failed',
      );
      // The user reads a sentence, not a stack trace.
      expect(failure?.message).toContain(message);
      expect(failure?.message).not.toMatch(/\n\s+at /);
      expect(stepStatus('rollback')).toBe('completed');
      expect(log.map(l => l.message).join('\n')).toContain(
        'Nothing was created, so there is nothing to undo.',
      );
    }
    expect(await portal.entityStatus('component:default/ghost-service')).toBe(
      404,
    );
    expect(existsSync(join(portal.repositories, 'ghost-service'))).toBe(false);
  });

  it('refuses a second project with a name the first one took', async () => {
    const first = await portal.run(
      'typescript-library',
      serviceValues('booking-ids'),
    );
    expect(first.task.status).toBe('completed');
    const second = await portal.run(
      'typescript-service',
      serviceValues('booking-ids'),
    );
    expect(second.task.status).toBe('failed');
    expect(
      second.log.find(l => l.stepId === 'validate' && l.status === 'failed')
        ?.message,
    ).toContain('The name booking-ids is already taken');
    // The first project is untouched.
    expect(await portal.entityStatus('component:default/booking-ids')).toBe(
      200,
    );
    expect(
      execFileSync(
        'git',
        [
          '-C',
          join(portal.repositories, 'booking-ids'),
          'rev-list',
          '--count',
          'HEAD',
        ],
        { encoding: 'utf8' },
      ).trim(),
    ).toBe('1');
  });

  it('chains into the database request with the component it created', async () => {
    const { task, stepStatus } = await portal.run(
      'typescript-service',
      serviceValues('fare-alerts', {
        addDatabase: true,
        databaseEnvironment: 'staging',
        databaseSize: 'medium',
      }),
    );
    expect(task.status).toBe('completed');
    expect(stepStatus('database')).toBe('completed');
    expect(database.state.calls).toEqual([
      {
        component: 'component:default/fare-alerts',
        name: 'fare_alerts',
        environment: 'staging',
        size: 'medium',
        justification:
          'Database of fare-alerts, requested with the TypeScript service golden path.',
      },
    ]);
  });

  it('removes the repository, its location and its entities when a later step fails', async () => {
    database.state.fail = true;
    const { task, log, stepStatus } = await portal.run(
      'typescript-service',
      serviceValues('refund-tracker', {
        addDatabase: true,
        databaseEnvironment: 'development',
        databaseSize: 'small',
      }),
    );
    expect(task.status).toBe('failed');
    expect(stepStatus('register')).toBe('completed');
    expect(stepStatus('database')).toBe('failed');
    expect(stepStatus('rollback')).toBe('completed');
    expect(log.map(l => l.message).join('\n')).toContain(
      `Removed the git repository ${join(
        portal.repositories,
        'refund-tracker',
      )}.`,
    );

    expect(existsSync(join(portal.repositories, 'refund-tracker'))).toBe(false);
    expect(readdirSync(join(portal.repositories, '.staging'))).toEqual([]);
    expect(await portal.repositoryLocations()).not.toContainEqual(
      expect.stringContaining('refund-tracker'),
    );
    await waitFor(
      async () =>
        (await portal.entityStatus('component:default/refund-tracker')) ===
          404 &&
        (await portal.entityStatus('api:default/refund-tracker-api')) === 404,
      'the rolled-back entities to leave the catalog',
    );
    // The name is free again.
    const retry = await portal.run(
      'typescript-service',
      serviceValues('refund-tracker'),
    );
    expect(retry.task.status).toBe('completed');
  });

  it('keeps what others own: a template cannot roll back a project it did not create', async () => {
    const other = await portal.run(
      'documentation-site',
      serviceValues('travel-policy'),
    );
    expect(other.task.status).toBe('completed');
    const before = readFileSync(
      join(portal.repositories, 'travel-policy', 'catalog-info.yaml'),
      'utf8',
    );
    // A second run that fails on the same name must not remove the first project.
    const clash = await portal.run(
      'documentation-site',
      serviceValues('travel-policy'),
    );
    expect(clash.task.status).toBe('failed');
    expect(
      readFileSync(
        join(portal.repositories, 'travel-policy', 'catalog-info.yaml'),
        'utf8',
      ),
    ).toBe(before);
    expect(await portal.entityStatus('component:default/travel-policy')).toBe(
      200,
    );
  });
});
