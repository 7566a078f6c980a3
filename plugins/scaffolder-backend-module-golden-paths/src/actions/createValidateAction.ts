import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  describeEntityNameProblem,
  entityRefsClaimedBy,
  ownerRefSchema,
  systemRefSchema,
} from '@internal/plugin-golden-paths-common';
import { LocalGitRepositories } from '../publish/LocalGitRepositories';
import { PublishTargetChoice } from '../publish/PublishTarget';
import { refusal } from '../refusal';

/**
 * `golden-paths:validate` checks a request against the catalog before anything
 * is created: the name's format, that no entity the run would create exists yet
 * (nor a local repository of that name), and that the owner and system exist.
 * The form checks the same as the user types; this step is what stops a request
 * sent to the scaffolder API directly.
 */
export function createValidateAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  publishTarget: PublishTargetChoice;
}) {
  const { catalog, auth, publishTarget } = options;
  return createTemplateAction({
    id: 'golden-paths:validate',
    description:
      'Refuses a golden-path request whose name is malformed or taken, or whose owner or system is not in the catalog.',
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Name of the new component'),
        owner: z => z.string().describe('Entity reference of the owning group'),
        system: z =>
          z
            .string()
            .optional()
            .describe('Entity reference of the system, if any'),
        providesApi: z =>
          z
            .boolean()
            .optional()
            .describe('Whether the project also creates the API <name>-api'),
      },
      output: {
        entityRef: z =>
          z.string().describe('Entity reference of the new component'),
      },
    },
    async handler(ctx) {
      const { name, owner, system, providesApi } = ctx.input;
      const credentials = await auth.getOwnServiceCredentials();

      const nameProblem = describeEntityNameProblem(name);
      if (nameProblem) {
        throw refusal(
          new InputError(
            `The name ${JSON.stringify(name)} cannot be used. ${nameProblem}`,
          ),
        );
      }

      if (!ownerRefSchema.safeParse(owner).success) {
        throw refusal(
          new InputError(
            `The owner ${JSON.stringify(
              owner,
            )} is not a team. Pick the owning team from the list.`,
          ),
        );
      }
      const ownerEntity = await catalog.getEntityByRef(owner, { credentials });
      if (!ownerEntity || ownerEntity.kind.toLowerCase() !== 'group') {
        throw refusal(
          new InputError(
            `There is no team ${owner} in the catalog. Pick the owning team from the list.`,
          ),
        );
      }

      if (system) {
        const systemEntity = systemRefSchema.safeParse(system).success
          ? await catalog.getEntityByRef(system, { credentials })
          : undefined;
        if (!systemEntity || systemEntity.kind.toLowerCase() !== 'system') {
          throw refusal(
            new InputError(
              `There is no system ${system} in the catalog. Pick a system from the list or leave it empty.`,
            ),
          );
        }
      }

      const claimed = entityRefsClaimedBy(name, { providesApi });
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: claimed },
        { credentials },
      );
      const taken = items.find((e): e is Entity => Boolean(e));
      if (taken) {
        throw refusal(
          new ConflictError(
            `The name ${name} is already taken: ${stringifyEntityRef(
              taken,
            )} exists in the catalog${
              taken.spec?.owner ? `, owned by ${taken.spec.owner}` : ''
            }. Choose another name.`,
          ),
        );
      }

      if (
        publishTarget.target?.type === 'local' &&
        (await LocalGitRepositories.create({
          directory: publishTarget.target.directory,
        }).exists(name))
      ) {
        throw refusal(
          new ConflictError(
            `A repository named ${name} already exists in the portal. Choose another name.`,
          ),
        );
      }

      ctx.logger.info(
        `${name} is free, ${owner} exists${
          system ? `, ${system} exists` : ''
        }.`,
      );
      ctx.output('entityRef', claimed[0]);
    },
  });
}
