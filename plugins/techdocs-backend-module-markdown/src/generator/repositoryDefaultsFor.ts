import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { ParsedLocationAnnotation } from '@backstage/plugin-techdocs-node';
import type { RepositoryDefaults } from '../site/buildSite';

// URLs that name a folder of a repository rather than the repository itself.
const FOLDER_URL = /\/(-\/)?(tree|blob|src|browse)\//;

/**
 * repo_url and edit_uri for an entity whose docs come from a URL of a known code host, as the
 * stock generator derives them (getRepoUrlFromLocationAnnotation in techdocs-node), so "Edit this
 * page" works without anyone writing repo_url into mkdocs.yml.
 */
export function repositoryDefaultsFor(
  location: ParsedLocationAnnotation | undefined,
  scmIntegrations: ScmIntegrationRegistry,
  docsDir: string,
): RepositoryDefaults {
  if (!location || location.type !== 'url') {
    return {};
  }
  const integration = scmIntegrations.byUrl(location.target);
  if (
    !integration ||
    !['github', 'gitlab', 'bitbucketServer', 'harness'].includes(
      integration.type,
    )
  ) {
    return {};
  }
  const target = location.target;
  if (!FOLDER_URL.test(new URL(target).pathname)) {
    return { repoUrl: target };
  }
  const sourceFolder = integration.resolveUrl({
    url: `./${docsDir}`,
    base: target.endsWith('/') ? target : `${target}/`,
  });
  return { repoUrl: target, editUri: integration.resolveEditUrl(sourceFolder) };
}
