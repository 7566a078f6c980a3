import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

export type PulsePeriod = 'month' | 'quarter';

export type CostSettings = {
  /** Monthly USD per cost class (size class). */
  classes: Record<string, number>;
  /** Cost class of a resource type when a resource names none. */
  defaultClassByType: Record<string, string>;
  /** Cost class per resource entity ref, for resources without annotations. */
  resources: Record<string, string>;
  /** Monthly budget in USD per team (group entity ref). */
  budgets: Record<string, number>;
};

export type DevexConfig = {
  productionEnvironments: string[];
  seedDemoData: boolean;
  collectSchedule: SchedulerServiceTaskScheduleDefinition;
  pulse: { period: PulsePeriod; question: string };
  minimumGroupSize: number;
  cost: CostSettings;
};

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 10 },
};

function numberMap(config: Config | undefined): Record<string, number> {
  if (!config) return {};
  return Object.fromEntries(config.keys().map(key => [key, config.getNumber(key)]));
}

function stringMap(config: Config | undefined): Record<string, string> {
  if (!config) return {};
  return Object.fromEntries(config.keys().map(key => [key, config.getString(key)]));
}

export function readDevexConfig(root: Config): DevexConfig {
  const config = root.getOptionalConfig('devex');
  const period = config?.getOptionalString('surveys.pulse.period') ?? 'month';
  if (period !== 'month' && period !== 'quarter') {
    throw new Error(`devex.surveys.pulse.period must be 'month' or 'quarter', not '${period}'.`);
  }
  const schedule = config?.getOptionalConfig('collection.schedule');
  // Entity refs are not valid config keys, so these are lists rather than maps.
  const budgets = (config?.getOptionalConfigArray('cost.budgets') ?? []).map(
    b => [b.getString('team'), b.getNumber('monthlyUsd')] as const,
  );
  const resources = (config?.getOptionalConfigArray('cost.resources') ?? []).map(
    r => [r.getString('entityRef').toLocaleLowerCase('en-US'), r.getString('class')] as const,
  );
  return {
    productionEnvironments: (
      config?.getOptionalStringArray('productionEnvironments') ?? ['production', 'prod']
    ).map(e => e.toLocaleLowerCase('en-US')),
    seedDemoData: config?.getOptionalBoolean('demoData.seed') ?? false,
    collectSchedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : DEFAULT_SCHEDULE,
    pulse: {
      period,
      question:
        config?.getOptionalString('surveys.pulse.question') ??
        'How satisfied are you with building and running software at the company?',
    },
    minimumGroupSize: config?.getOptionalNumber('surveys.minimumGroupSize') ?? 3,
    cost: {
      classes: numberMap(config?.getOptionalConfig('cost.classes')),
      defaultClassByType: stringMap(config?.getOptionalConfig('cost.defaultClassByType')),
      resources: Object.fromEntries(resources),
      budgets: Object.fromEntries(
        budgets.map(([ref, usd]) => [ref.toLocaleLowerCase('en-US'), usd]),
      ),
    },
  };
}
