import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Bulk entity sources read by entity providers that apply delta mutations,
       * keyed by a stable id (lower-case letters, digits, dashes).
       */
      entityFiles?: {
        [id: string]: {
          /** A YAML (multi-document) or JSON file, or a directory of them. */
          path: string;
          /** Only entities of these kinds are taken from the source. */
          allowedKinds?: string[];
          /** How often the source is read. Default: every minute. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
}
