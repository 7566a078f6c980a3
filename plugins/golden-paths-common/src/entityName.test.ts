import { ENTITY_NAME_PATTERN, describeEntityNameProblem } from './entityName';
import { entityRefsClaimedBy, ownerRefSchema } from './entityRefs';

describe('describeEntityNameProblem', () => {
  it.each(['payment-reminders', 'abc', 'a1-b2-c3', 'x'.repeat(40)])(
    'accepts %s',
    name => {
      expect(describeEntityNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ['', 'Enter a name.'],
    ['ab', 'Use at least 3 characters.'],
    ['x'.repeat(41), 'Use at most 40 characters.'],
    ['Payment', 'Use lowercase letters'],
    ['payment--reminders', 'single hyphens'],
    ['-payment', 'starting and ending'],
    ['payment_reminders', 'Use lowercase letters'],
    ['../../etc/passwd', 'Use lowercase letters'],
    ['name\nkind: Group', 'Use lowercase letters'],
  ])('refuses %j with a sentence that says what to do', (name, message) => {
    expect(describeEntityNameProblem(name)).toContain(message);
  });

  it('refuses what is not a string', () => {
    expect(describeEntityNameProblem(42)).toBe('Enter a name.');
    expect(describeEntityNameProblem(undefined)).toBe('Enter a name.');
  });

  it('agrees with the JSON schema pattern the templates use', () => {
    const pattern = new RegExp(ENTITY_NAME_PATTERN);
    for (const name of ['good-name', 'Bad', 'bad--name', 'bad-', 'ok1']) {
      expect(pattern.test(name)).toBe(
        describeEntityNameProblem(name) === undefined,
      );
    }
  });
});

describe('entityRefsClaimedBy', () => {
  it('claims the component, and the API when the template publishes one', () => {
    expect(entityRefsClaimedBy('orders')).toEqual(['component:default/orders']);
    expect(entityRefsClaimedBy('orders', { providesApi: true })).toEqual([
      'component:default/orders',
      'api:default/orders-api',
    ]);
  });
});

describe('ownerRefSchema', () => {
  it('takes a group reference and refuses anything else', () => {
    expect(
      ownerRefSchema.safeParse('group:default/team-checkout').success,
    ).toBe(true);
    expect(ownerRefSchema.safeParse('user:default/guest').success).toBe(false);
    expect(ownerRefSchema.safeParse('team-checkout').success).toBe(false);
  });
});
