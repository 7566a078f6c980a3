import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { describeEntityNameProblem } from '@internal/plugin-golden-paths-common';
import { InputError } from '@backstage/errors';
import {
  PublishTargetChoice,
  repositoryUrl,
  stockRepoUrl,
} from '../publish/PublishTarget';
import { refusal } from '../refusal';

/**
 * `golden-paths:target` says where this portal publishes new projects, so a
 * template runs the matching publish step: `golden-paths:publish:local` on the
 * embedded default, or the stock `publish:github` / `publish:gitlab` with the
 * `repoUrl` it outputs.
 */
export function createTargetAction(options: {
  publishTarget: PublishTargetChoice;
}) {
  const { publishTarget } = options;
  return createTemplateAction({
    id: 'golden-paths:target',
    description:
      'Chooses where a golden path publishes: a local git repository, GitHub or GitLab, from goldenPaths.publish.',
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Name of the new repository'),
      },
      output: {
        target: z =>
          z.enum(['local', 'github', 'gitlab']).describe('Where to publish'),
        repoUrl: z =>
          z
            .string()
            .describe(
              'repoUrl for publish:github / publish:gitlab (empty for local)',
            ),
        repoVisibility: z =>
          z.string().describe('Visibility of a new remote repository'),
        repositoryUrl: z =>
          z.string().describe('Where people browse or clone the repository'),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      const problem = describeEntityNameProblem(name);
      if (problem) {
        throw refusal(
          new InputError(
            `The name ${JSON.stringify(name)} cannot be used. ${problem}`,
          ),
        );
      }
      if (!publishTarget.target) {
        throw refusal(new Error(publishTarget.problem));
      }
      const target = publishTarget.target;
      ctx.output('target', target.type);
      ctx.output('repositoryUrl', repositoryUrl(target, name));
      if (target.type === 'local') {
        ctx.output('repoUrl', '');
        ctx.output('repoVisibility', 'private');
        ctx.logger.info(
          `Publishing to a git repository in the portal: ${repositoryUrl(
            target,
            name,
          )}`,
        );
      } else {
        ctx.output('repoUrl', stockRepoUrl(target, name));
        ctx.output('repoVisibility', target.repoVisibility);
        ctx.logger.info(
          `Publishing to ${
            target.type === 'github' ? 'GitHub' : 'GitLab'
          }: ${repositoryUrl(target, name)}`,
        );
      }
    },
  });
}
