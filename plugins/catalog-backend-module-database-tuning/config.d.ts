export interface Config {
  catalog?: {
    databaseTuning?: {
      /**
       * Whether the catalog tables are vacuumed as well as analyzed while they change
       * (PostgreSQL). Default true.
       */
      vacuum?: boolean;
    };
  };
}
