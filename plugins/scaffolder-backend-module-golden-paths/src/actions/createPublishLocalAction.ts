import { Config } from '@backstage/config';
import { UserEntity } from '@backstage/catalog-model';
import { EventsService } from '@backstage/plugin-events-node';
import {
  createTemplateAction,
  getRepoSourceDirectory,
} from '@backstage/plugin-scaffolder-node';
import {
  LOCAL_REPOSITORIES_TOPIC,
  LocalRepositoriesEvent,
} from '@internal/plugin-golden-paths-common';
import {
  GitIdentity,
  LocalGitRepositories,
} from '../publish/LocalGitRepositories';
import { PublishTargetChoice } from '../publish/PublishTarget';
import { RunLedger } from '../rollback/RunLedger';
import { refusal } from '../refusal';

/**
 * `golden-paths:publish:local` turns the generated workspace into a git
 * repository in the portal's repositories folder, with a first commit authored by
 * the user who ran the template, and announces it so the catalog picks it up.
 * The repository is recorded for `golden-paths:rollback`.
 */
export function createPublishLocalAction(options: {
  config: Config;
  events: EventsService;
  ledger: RunLedger;
  publishTarget: PublishTargetChoice;
}) {
  const { config, events, ledger, publishTarget } = options;
  const portalAuthor: GitIdentity = {
    name:
      config.getOptionalString('scaffolder.defaultAuthor.name') ??
      'Developer Portal',
    email:
      config.getOptionalString('scaffolder.defaultAuthor.email') ??
      'portal@example.com',
  };

  return createTemplateAction({
    id: 'golden-paths:publish:local',
    description:
      "Publishes the workspace as a git repository in the portal's repositories folder, first commit authored by the requesting user.",
    schema: {
      input: {
        name: z => z.string().describe('Name of the repository'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Folder of the workspace to publish (default: all of it)',
            ),
        commitMessage: z =>
          z.string().optional().describe('Message of the first commit'),
      },
      output: {
        repositoryPath: z =>
          z.string().describe('Path of the repository; git clone it'),
        commitHash: z => z.string().describe('The first commit'),
      },
    },
    async handler(ctx) {
      const { name, sourcePath, commitMessage } = ctx.input;
      if (publishTarget.target?.type !== 'local') {
        throw refusal(
          new Error(
            'This portal does not publish to local repositories (see goldenPaths.publish.target).',
          ),
        );
      }
      const repositories = LocalGitRepositories.create({
        directory: publishTarget.target.directory,
      });
      const author = authorOf(ctx.user?.entity, portalAuthor);
      const runId = ctx.task.id;

      const created = await ctx.checkpoint({
        key: `golden-paths.publish.local.${name}`,
        fn: async () => {
          const result = await repositories.create({
            name,
            sourceDir: getRepoSourceDirectory(ctx.workspacePath, sourcePath),
            author,
            committer: portalAuthor,
            message:
              commitMessage ??
              `Create ${name} from a golden path\n\nRequested in the developer portal by ${
                ctx.user?.ref ?? 'the portal'
              }.`,
            runId,
          });
          return result;
        },
      });

      ledger.record(runId, `the git repository ${created.path}`, async () => {
        await repositories.removeCreatedBy(name, runId);
        await announce(events, { change: 'removed', name });
      });
      ledger.rollbackOnCancel(runId, ctx.signal, ctx.logger);
      await announce(events, { change: 'added', name });

      ctx.logger.info(
        `Created ${created.path} (first commit ${created.commit.slice(
          0,
          8,
        )} by ${author.name} <${author.email}>). Clone it with: git clone ${
          created.path
        }`,
      );
      ctx.output('repositoryPath', created.path);
      ctx.output('commitHash', created.commit);
    },
  });
}

async function announce(
  events: EventsService,
  payload: LocalRepositoriesEvent,
) {
  await events.publish({
    topic: LOCAL_REPOSITORIES_TOPIC,
    eventPayload: payload,
  });
}

/**
 * The requesting user as a git identity, from their catalog profile. Characters
 * git does not allow in an identity are dropped.
 */
export function authorOf(
  user: UserEntity | undefined,
  fallback: GitIdentity,
): GitIdentity {
  if (!user) {
    return fallback;
  }
  const clean = (value: string) => value.replace(/[<>\n\r]/g, '').trim();
  const name = clean(user.spec?.profile?.displayName ?? user.metadata.name);
  const email = clean(
    user.spec?.profile?.email ?? `${user.metadata.name}@users.noreply.portal`,
  );
  return {
    name: name || fallback.name,
    email: email || fallback.email,
  };
}
