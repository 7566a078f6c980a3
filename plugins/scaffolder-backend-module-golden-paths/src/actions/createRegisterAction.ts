import { AuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { join } from 'node:path';
import { CatalogRegistration } from '../catalog/CatalogRegistration';
import { LocalGitRepositories } from '../publish/LocalGitRepositories';
import { PublishTargetChoice } from '../publish/PublishTarget';
import { RunLedger } from '../rollback/RunLedger';
import { refusal } from '../refusal';

/**
 * `golden-paths:register` puts the published project in the catalog and waits
 * until its entity is readable, then builds its docs. A local repository is
 * already announced to the catalog by `golden-paths:publish:local`; a GitHub or
 * GitLab repository is registered as a `url` location on the user's behalf, and
 * that location is recorded for `golden-paths:rollback`.
 */
export function createRegisterAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  registration: CatalogRegistration;
  ledger: RunLedger;
  publishTarget: PublishTargetChoice;
}) {
  const { catalog, auth, registration, ledger, publishTarget } = options;
  return createTemplateAction({
    id: 'golden-paths:register',
    description:
      'Registers a published golden-path project in the catalog and waits until its entity is readable and its docs are built.',
    schema: {
      input: {
        name: z => z.string().describe('Name of the repository'),
        entityRef: z =>
          z.string().describe('The entity the catalog-info.yaml declares'),
        repoContentsUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'repoContentsUrl output of publish:github / publish:gitlab (remote targets)',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe('Path of the catalog file in the repository'),
      },
      output: {
        entityRef: z => z.string().describe('The registered entity'),
        catalogInfoUrl: z =>
          z.string().describe('Where the catalog reads the entity from'),
      },
    },
    async handler(ctx) {
      const { name, entityRef, repoContentsUrl } = ctx.input;
      const catalogInfoPath = (
        ctx.input.catalogInfoPath ?? 'catalog-info.yaml'
      ).replace(/^\/+/, '');
      const target = publishTarget.target;
      if (!target) {
        throw refusal(new Error(publishTarget.problem));
      }

      let location: { type: string; target: string };
      if (target.type === 'local') {
        const path = LocalGitRepositories.create({
          directory: target.directory,
        }).pathOf(name);
        location = { type: 'file', target: join(path, catalogInfoPath) };
      } else {
        if (!repoContentsUrl) {
          throw refusal(
            new InputError(
              `Registering a ${target.type} repository needs the repoContentsUrl of the publish step.`,
            ),
          );
        }
        location = {
          type: 'url',
          target: `${repoContentsUrl.replace(/\/+$/, '')}/${catalogInfoPath}`,
        };
        const added = await catalog.addLocation(location, {
          credentials: await ctx.getInitiatorCredentials(),
        });
        const locationId = added.location.id;
        ledger.record(
          ctx.task.id,
          `the catalog location ${location.target}`,
          async () => {
            await catalog.removeLocationById(locationId, {
              credentials: await auth.getOwnServiceCredentials(),
            });
          },
        );
        ledger.rollbackOnCancel(ctx.task.id, ctx.signal, ctx.logger);
      }

      const started = Date.now();
      const entity = await registration.waitUntilReadable({
        entityRef,
        location,
        logger: ctx.logger,
        signal: ctx.signal,
      });
      ctx.logger.info(
        `${entityRef} is in the catalog (${(
          (Date.now() - started) /
          1000
        ).toFixed(1)} s).`,
      );
      ctx.logger.info(await registration.buildDocs(entity));
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoUrl', `${location.type}:${location.target}`);
    },
  });
}
