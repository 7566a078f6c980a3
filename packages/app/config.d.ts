export interface Config {
  portal?: {
    signIn?: {
      /**
       * Sign-in providers offered on the sign-in page, in order: 'guest' (local
       * development only) and/or 'github'.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
