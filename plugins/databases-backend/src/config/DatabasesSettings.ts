import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  DATABASE_SIZES,
  DatabaseSize,
  SizeClass,
} from '@internal/plugin-databases-common';

/** The plugin's configuration (`databases.*`) with defaults applied. */
export type DatabasesSettings = {
  sizeClasses: Record<DatabaseSize, SizeClass>;
  highAvailabilityCostFactor: number;
  regions: string[];
  defaultBackupRetentionDays: number;
  approverGroups: string[];
  policyFiles: string[];
  leaseMs: number;
  maxAttempts: number;
  retryDelayMs: number;
  gracePeriodMs: number;
};

const DEFAULT_SIZE_CLASSES: Record<DatabaseSize, SizeClass> = {
  small: {
    size: 'small',
    title: 'Small',
    description: '1 vCPU, 2 GB memory, 10 GB storage',
    monthlyCostUsd: 25,
    storageGb: 10,
    connectionLimit: 20,
  },
  medium: {
    size: 'medium',
    title: 'Medium',
    description: '2 vCPU, 8 GB memory, 50 GB storage',
    monthlyCostUsd: 120,
    storageGb: 50,
    connectionLimit: 60,
  },
  large: {
    size: 'large',
    title: 'Large',
    description: '8 vCPU, 32 GB memory, 250 GB storage',
    monthlyCostUsd: 450,
    storageGb: 250,
    connectionLimit: 200,
  },
};

function duration(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): number {
  return durationToMilliseconds(
    config?.has(key) ? readDurationFromConfig(config, { key }) : fallback,
  );
}

export function readDatabasesSettings(root: Config): DatabasesSettings {
  const config = root.getOptionalConfig('databases');
  const sizeClasses = { ...DEFAULT_SIZE_CLASSES };
  for (const size of DATABASE_SIZES) {
    const c = config?.getOptionalConfig(`sizeClasses.${size}`);
    if (c) {
      sizeClasses[size] = {
        size,
        title: c.getOptionalString('title') ?? DEFAULT_SIZE_CLASSES[size].title,
        description:
          c.getOptionalString('description') ??
          DEFAULT_SIZE_CLASSES[size].description,
        monthlyCostUsd: c.getNumber('monthlyCostUsd'),
        storageGb: c.getNumber('storageGb'),
        connectionLimit: c.getNumber('connectionLimit'),
      };
    }
  }
  return {
    sizeClasses,
    highAvailabilityCostFactor:
      config?.getOptionalNumber('highAvailabilityCostFactor') ?? 2,
    regions: config?.getOptionalStringArray('regions') ?? ['eu-west-1'],
    defaultBackupRetentionDays:
      config?.getOptionalNumber('defaultBackupRetentionDays') ?? 7,
    approverGroups: config?.getOptionalStringArray('approval.groups') ?? [
      'group:default/platform-team',
    ],
    policyFiles: config?.getOptionalStringArray('policy.files') ?? [],
    leaseMs: duration(config, 'worker.lease', { seconds: 30 }),
    maxAttempts: config?.getOptionalNumber('worker.maxAttempts') ?? 5,
    retryDelayMs: duration(config, 'worker.retryDelay', { seconds: 5 }),
    gracePeriodMs: duration(config, 'decommission.gracePeriod', { days: 7 }),
  };
}
