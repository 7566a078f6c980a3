import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { choosePublishTarget } from '../publish/PublishTarget';
import { createTargetAction } from './createTargetAction';

async function targetFor(config: object, name = 'payment-reminders') {
  const action = createTargetAction({
    publishTarget: choosePublishTarget(new ConfigReader(config)),
  });
  const ctx = createMockActionContext({ input: { name } });
  await action.handler(ctx);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
}

const githubIntegration = {
  integrations: { github: [{ host: 'github.com', token: 'ghp_secret' }] },
};
const gitlabIntegration = {
  integrations: {
    gitlab: [
      {
        host: 'gitlab.example.com',
        apiBaseUrl: 'https://gitlab.example.com/api/v4',
        token: 'glpat',
      },
    ],
  },
};

describe('golden-paths:target', () => {
  it('publishes locally on the embedded default', async () => {
    expect(
      await targetFor({
        goldenPaths: {
          publish: { local: { directory: '/data/repositories' } },
        },
      }),
    ).toEqual({
      target: 'local',
      repoUrl: '',
      repoVisibility: 'private',
      repositoryUrl: '/data/repositories/payment-reminders',
    });
  });

  it('publishes to GitHub with the stock action inputs when GitHub is configured', async () => {
    expect(
      await targetFor({
        ...githubIntegration,
        goldenPaths: {
          publish: {
            local: { directory: '/data/repositories' },
            github: { owner: 'wayfarer', repoVisibility: 'internal' },
          },
        },
      }),
    ).toEqual({
      target: 'github',
      repoUrl: 'github.com?owner=wayfarer&repo=payment-reminders',
      repoVisibility: 'internal',
      repositoryUrl: 'https://github.com/wayfarer/payment-reminders',
    });
  });

  it('publishes to GitLab on its own host when only GitLab is configured', async () => {
    expect(
      await targetFor({
        ...gitlabIntegration,
        goldenPaths: {
          publish: {
            gitlab: { host: 'gitlab.example.com', group: 'platform/services' },
          },
        },
      }),
    ).toEqual({
      target: 'gitlab',
      repoUrl:
        'gitlab.example.com?owner=platform%2Fservices&repo=payment-reminders',
      repoVisibility: 'private',
      repositoryUrl:
        'https://gitlab.example.com/platform/services/payment-reminders',
    });
  });

  it('stays local when target is local even with GitHub configured', async () => {
    const out = await targetFor({
      ...githubIntegration,
      goldenPaths: {
        publish: {
          target: 'local',
          local: { directory: '/data/repositories' },
          github: { owner: 'wayfarer' },
        },
      },
    });
    expect(out.target).toBe('local');
  });

  it('stops the backend with a sentence when a named target cannot work', () => {
    expect(() =>
      choosePublishTarget(
        new ConfigReader({
          goldenPaths: { publish: { github: { owner: 'wayfarer' } } },
        }),
      ),
    ).toThrow(
      'goldenPaths.publish.github publishes to github.com, but integrations.github has no entry with credentials for that host; add one.',
    );
    expect(() =>
      choosePublishTarget(
        new ConfigReader({ goldenPaths: { publish: { target: 'gitlab' } } }),
      ),
    ).toThrow('goldenPaths.publish.gitlab is missing');
    expect(() =>
      choosePublishTarget(
        new ConfigReader({ goldenPaths: { publish: { target: 'svn' } } }),
      ),
    ).toThrow(
      "goldenPaths.publish.target is 'svn'; use auto, local, github or gitlab.",
    );
  });

  it('fails each run with a sentence when nothing is configured', async () => {
    await expect(targetFor({})).rejects.toThrow(
      'Golden paths have nowhere to publish',
    );
  });
});
