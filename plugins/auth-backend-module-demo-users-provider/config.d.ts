export interface Config {
  auth?: {
    providers?: {
      /**
       * Development-only sign-in as one of these demo users (e.g. a platform-team member
       * who approves requests). The backend refuses to start with it when
       * auth.environment is production.
       */
      demo?: {
        /** User entity refs that may be signed in as, e.g. user:default/kwame-asante. */
        users: string[];
      };
    };
  };
}
