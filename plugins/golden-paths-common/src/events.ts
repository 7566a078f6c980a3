/**
 * The events topic on which the scaffolder announces that a golden path added
 * or removed a local git repository, so the catalog re-reads the repositories
 * folder at once instead of on its next scheduled pass.
 */
export const LOCAL_REPOSITORIES_TOPIC = 'golden-paths.local-repositories';

/** What an event on {@link LOCAL_REPOSITORIES_TOPIC} carries. */
export type LocalRepositoriesEvent = {
  change: 'added' | 'removed';
  name: string;
};

/** The config key of the folder that holds the local git repositories. */
export const LOCAL_REPOSITORIES_DIRECTORY_CONFIG =
  'goldenPaths.publish.local.directory';
