import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  techdocs?: {
    prebuild?: {
      /** Build docs ahead of their first view. Default: true. */
      enabled?: boolean;
      /** How often to look for docs that are missing or out of date. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
