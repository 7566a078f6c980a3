export interface Config {
  portal?: {
    signIn?: {
      /**
       * Sign-in providers offered on the sign-in page, in order: 'guest' (local
       * development only), 'github', and 'demo' (the demo users below; development only).
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github' | 'demo'>;
      /**
       * Development and browser tests only ('demo' provider): users one can sign in as,
       * e.g. a platform-team member who approves database requests.
       * @visibility frontend
       */
      demoUsers?: Array<{
        /** @visibility frontend */
        userEntityRef: string;
        /** @visibility frontend */
        title: string;
        /** @visibility frontend */
        description?: string;
      }>;
    };
  };
}
