export interface Config {
  catalog?: {
    databaseTuning?: {
      /**
       * Whether the catalog tables are also vacuumed while they change (PostgreSQL),
       * for servers without autovacuum. Default false: statistics only.
       */
      vacuum?: boolean;
    };
  };
}
