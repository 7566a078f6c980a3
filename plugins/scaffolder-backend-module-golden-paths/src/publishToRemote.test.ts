/*
 * GitHub cannot be reached from here, so the stock publish:github action is stood in
 * for with its contract (the inputs it takes, the repoContentsUrl it outputs). What
 * this covers is ours: that the portal chooses GitHub when it is configured, what the
 * template hands the stock action, that the repository is then registered by URL, and
 * that a run which cannot finish removes the location it registered.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  GoldenPathBackend,
  startGoldenPathBackend,
} from './__testUtils__/goldenPathBackend';

jest.setTimeout(120_000);

const TOKEN = 'ghp_never_in_a_log_0123456789';
const publishCalls: Array<Record<string, unknown>> = [];

const publishGithubStandIn = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'publish-github-stand-in',
  register(reg) {
    reg.registerInit({
      deps: { actions: scaffolderActionsExtensionPoint },
      async init({ actions }) {
        actions.addActions(
          createTemplateAction({
            id: 'publish:github',
            schema: {
              input: z => z.object({ repoUrl: z.string() }).passthrough(),
              output: {
                remoteUrl: z => z.string(),
                repoContentsUrl: z => z.string(),
              },
            },
            async handler(ctx) {
              publishCalls.push(ctx.input);
              const { owner, repo } = Object.fromEntries(
                new URLSearchParams(ctx.input.repoUrl.split('?')[1]),
              );
              ctx.output('remoteUrl', `https://github.com/${owner}/${repo}`);
              ctx.output(
                'repoContentsUrl',
                `https://github.com/${owner}/${repo}/blob/main`,
              );
            },
          }),
        );
      },
    });
  },
});

describe('publishing to GitHub', () => {
  let portal: GoldenPathBackend;

  beforeAll(async () => {
    portal = await startGoldenPathBackend({
      extraConfig: {
        integrations: { github: [{ host: 'github.com', token: TOKEN }] },
        goldenPaths: {
          publish: {
            github: { owner: 'wayfarer', repoVisibility: 'internal' },
          },
          register: { timeoutSeconds: 3 },
        },
      },
      extraFeatures: [publishGithubStandIn],
    });
    await portal.ready();
  });

  afterAll(async () => {
    await portal?.stop();
  });

  it('hands the stock action the repository, author and visibility, registers it by URL, and removes the location when the run cannot finish', async () => {
    const { task, log, stepStatus } = await portal.run('typescript-service', {
      name: 'seat-maps',
      description: 'Seat maps for every flight.',
      owner: 'group:default/team-checkout',
      lifecycle: 'experimental',
    });

    expect(stepStatus('publish-local')).toBe('skipped');
    expect(stepStatus('publish-github')).toBe('completed');
    expect(publishCalls).toEqual([
      expect.objectContaining({
        repoUrl: 'github.com?owner=wayfarer&repo=seat-maps',
        repoVisibility: 'internal',
        defaultBranch: 'main',
        description: 'Seat maps for every flight.',
        gitAuthorName: 'Guest Developer',
        gitAuthorEmail: 'guest@wayfarer.example',
      }),
    ]);

    // GitHub is unreachable, so the entity never becomes readable: the run fails
    // and takes its catalog location with it.
    expect(task.status).toBe('failed');
    expect(stepStatus('register')).toBe('failed');
    expect(stepStatus('rollback')).toBe('completed');
    const messages = log.map(l => l.message).join('\n');
    expect(messages).toContain(
      'Publishing to GitHub: https://github.com/wayfarer/seat-maps',
    );
    expect(messages).toContain(
      'Removed the catalog location https://github.com/wayfarer/seat-maps/blob/main/catalog-info.yaml.',
    );
    expect(messages).not.toContain(TOKEN);

    const locations = await request(portal.server)
      .get('/api/catalog/locations')
      .set('Authorization', mockCredentials.user.header('user:default/guest'));
    expect(JSON.stringify(locations.body)).not.toContain('seat-maps');
  });
});
