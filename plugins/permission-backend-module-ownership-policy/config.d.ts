export interface Config {
  portal?: {
    permissions?: {
      /**
       * Group entity refs whose members may change any entity, not only what their
       * teams own (e.g. group:default/platform-admins).
       */
      adminGroups?: string[];
    };
  };
}
