export interface Config {
  /** Golden-path templates (plugins/scaffolder-backend-module-golden-paths). */
  goldenPaths?: {
    publish?: {
      /**
       * Where templates publish new projects. `auto` (the default) picks GitHub when
       * `github.owner` is set and an `integrations.github` entry exists for its host,
       * then GitLab likewise, and otherwise a local git repository under
       * `local.directory`.
       */
      target?: 'auto' | 'local' | 'github' | 'gitlab';
      local?: {
        /**
         * The folder of the local git repositories (the embedded default). Relative
         * paths are resolved from the backend's working directory.
         */
        directory?: string;
      };
      github?: {
        /** Host of the GitHub integration to publish through. Default github.com. */
        host?: string;
        /** The organization or user that owns new repositories. */
        owner: string;
        /** Default private. */
        repoVisibility?: 'private' | 'internal' | 'public';
      };
      gitlab?: {
        /** Host of the GitLab integration to publish through. Default gitlab.com. */
        host?: string;
        /** The group (or group/subgroup path) that owns new projects. */
        group: string;
        /** Default private. */
        repoVisibility?: 'private' | 'internal' | 'public';
      };
    };
    register?: {
      /**
       * How long a run waits for a new entity to become readable in the catalog
       * before it gives up and rolls back, in seconds. Default 60.
       */
      timeoutSeconds?: number;
    };
  };
}
