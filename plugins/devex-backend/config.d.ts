import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** The DevEx metrics plugin (plugins/devex-backend). */
  devex?: {
    /**
     * Environments whose deployments count for DORA (case-insensitive).
     * Default: production, prod.
     */
    productionEnvironments?: string[];
    demoData?: {
      /**
       * Write 90 days of demo events for the catalog's components on start-up and
       * keep them current. On in the local config, off in production.
       */
      seed?: boolean;
    };
    collection?: {
      /** How often the catalog and the scaffolder's template runs are read. Default: every 5 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    surveys?: {
      pulse?: {
        /** How often each user is asked at most: month (default) or quarter. */
        period?: 'month' | 'quarter';
        /** The question of the pulse survey, answered from 1 to 5. */
        question?: string;
      };
      /** A team's answers are shown only when at least this many people gave them. Default 3. */
      minimumGroupSize?: number;
    };
    /** Showback: what resources cost a month and what teams may spend. */
    cost?: {
      /** Monthly USD per cost class, e.g. { s: 60, m: 180, l: 480 }. */
      classes?: { [costClass: string]: number };
      /** Cost class of a resource type (spec.type) when the resource names none. */
      defaultClassByType?: { [resourceType: string]: string };
      /** Cost class of particular resources without the size-class annotation. */
      resources?: Array<{ entityRef: string; class: string }>;
      /** Monthly budget in USD per team. */
      budgets?: Array<{ team: string; monthlyUsd: number }>;
    };
  };
}
