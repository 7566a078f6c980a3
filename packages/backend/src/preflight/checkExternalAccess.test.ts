import { ConfigReader } from '@backstage/config';
import { checkExternalAccess } from './checkExternalAccess';

const entry = (token: string | undefined, subject: string) => ({
  type: 'static',
  options: { ...(token === undefined ? {} : { token }), subject },
});

describe('checkExternalAccess', () => {
  it('names each sender whose token is missing or unusable, and says what to set', () => {
    const problems = checkExternalAccess(
      new ConfigReader({
        backend: {
          auth: {
            externalAccess: [entry(undefined, 'ci'), entry('short', 'incidents'), entry('a'.repeat(48), 'fine')],
          },
        },
      }),
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("backend.auth.externalAccess[0] (sender 'ci') has no token");
    expect(problems[0]).toContain('DEVEX_CI_TOKEN');
    expect(problems[1]).toContain("(sender 'incidents') has an unusable token");
  });

  it('has nothing to say without external access or with good tokens', () => {
    expect(checkExternalAccess(new ConfigReader({}))).toEqual([]);
    expect(
      checkExternalAccess(new ConfigReader({ backend: { auth: { externalAccess: [entry('devex-demo-ci-token', 'demo-ci')] } } })),
    ).toEqual([]);
  });
});
