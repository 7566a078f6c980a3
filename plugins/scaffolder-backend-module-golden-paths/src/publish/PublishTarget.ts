import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { LOCAL_REPOSITORIES_DIRECTORY_CONFIG } from '@internal/plugin-golden-paths-common';
import { resolve } from 'node:path';

export type RepoVisibility = 'private' | 'internal' | 'public';

/** Where a golden path publishes the project it generates. */
export type PublishTarget =
  | { type: 'local'; directory: string }
  | {
      type: 'github';
      host: string;
      owner: string;
      repoVisibility: RepoVisibility;
    }
  | {
      type: 'gitlab';
      host: string;
      owner: string;
      repoVisibility: RepoVisibility;
    };

/** The outcome of reading the config: a target, or why there is none. */
export type PublishTargetChoice =
  | { target: PublishTarget }
  | { target?: undefined; problem: string };

const VISIBILITIES = ['private', 'internal', 'public'];

/**
 * Reads `goldenPaths.publish`. A setting that names a target but cannot work
 * (GitHub without an owner or an integration for its host) is a mistake of the
 * operator and throws, so the backend stops with the sentence instead of failing
 * every run later. Having no target at all is reported as a problem that each run
 * repeats to the user.
 */
export function choosePublishTarget(config: Config): PublishTargetChoice {
  const publish = config.getOptionalConfig('goldenPaths.publish');
  const mode = publish?.getOptionalString('target') ?? 'auto';
  if (!['auto', 'local', 'github', 'gitlab'].includes(mode)) {
    throw new Error(
      `goldenPaths.publish.target is '${mode}'; use auto, local, github or gitlab.`,
    );
  }
  const integrations = ScmIntegrations.fromConfig(config);

  const remote = (type: 'github' | 'gitlab'): PublishTarget | undefined => {
    const section = publish?.getOptionalConfig(type);
    if (!section) {
      if (mode === type) {
        throw new Error(
          `goldenPaths.publish.target is ${type} but goldenPaths.publish.${type} is missing; set its ${
            type === 'github' ? 'owner' : 'group'
          }.`,
        );
      }
      return undefined;
    }
    const ownerKey = type === 'github' ? 'owner' : 'group';
    const owner = section.getOptionalString(ownerKey);
    if (!owner) {
      throw new Error(
        `goldenPaths.publish.${type}.${ownerKey} is missing; say which ${
          type === 'github' ? 'organization' : 'group'
        } owns new repositories.`,
      );
    }
    const host =
      section.getOptionalString('host') ??
      (type === 'github' ? 'github.com' : 'gitlab.com');
    // ScmIntegrations always knows github.com and gitlab.com, without credentials.
    const hasCredentials =
      type === 'github'
        ? Boolean(
            integrations.github.byHost(host)?.config.token ||
              integrations.github.byHost(host)?.config.apps?.length,
          )
        : Boolean(integrations.gitlab.byHost(host)?.config.token);
    if (!hasCredentials) {
      throw new Error(
        `goldenPaths.publish.${type} publishes to ${host}, but integrations.${type} has no entry with credentials for that host; add one.`,
      );
    }
    const repoVisibility =
      section.getOptionalString('repoVisibility') ?? 'private';
    if (!VISIBILITIES.includes(repoVisibility)) {
      throw new Error(
        `goldenPaths.publish.${type}.repoVisibility is '${repoVisibility}'; use private, internal or public.`,
      );
    }
    return {
      type,
      host,
      owner,
      repoVisibility: repoVisibility as RepoVisibility,
    };
  };

  if (mode === 'github' || mode === 'gitlab') {
    return { target: remote(mode)! };
  }
  if (mode === 'auto') {
    const found = remote('github') ?? remote('gitlab');
    if (found) {
      return { target: found };
    }
  }
  const directory = config.getOptionalString(
    LOCAL_REPOSITORIES_DIRECTORY_CONFIG,
  );
  if (!directory) {
    const problem = `Golden paths have nowhere to publish: the portal's administrators need to set ${LOCAL_REPOSITORIES_DIRECTORY_CONFIG}, or goldenPaths.publish.github / gitlab with an integration.`;
    if (mode === 'local') {
      throw new Error(problem);
    }
    return { problem };
  }
  return { target: { type: 'local', directory: resolve(directory) } };
}

/** The `repoUrl` the stock publish:github and publish:gitlab actions take. */
export function stockRepoUrl(
  target: Exclude<PublishTarget, { type: 'local' }>,
  name: string,
): string {
  const query = new URLSearchParams({ owner: target.owner, repo: name });
  return `${target.host}?${query.toString()}`;
}

/** Where a person browses or clones the new repository. */
export function repositoryUrl(target: PublishTarget, name: string): string {
  if (target.type === 'local') {
    return resolve(target.directory, name);
  }
  return `https://${target.host}/${target.owner}/${name}`;
}
