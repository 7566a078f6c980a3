import { Entity } from '@backstage/catalog-model';
import {
  DATABASE_ENVIRONMENT_ANNOTATION,
  DATABASE_ID_ANNOTATION,
  DATABASE_MONTHLY_COST_ANNOTATION,
  DATABASE_SIZE_CLASS_ANNOTATION,
  DATABASE_STATUS_ANNOTATION,
  databaseEntityName,
} from '@internal/plugin-databases-common';
import { DatabasesSettings } from '../config/DatabasesSettings';
import { DatabaseRecord } from '../database/DatabasesStore';

/**
 * The catalog Resource of a database: owned by the team, in the component's system, a
 * dependency of the component, with its size class and monthly cost as annotations. Nothing
 * here is secret; host and credentials never go into the catalog.
 */
export function toResourceEntity(
  database: DatabaseRecord,
  settings: DatabasesSettings,
): Entity {
  const sizeClass = settings.sizeClasses[database.size];
  const location = `databases:${database.id}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: databaseEntityName(database.name, database.environment),
      namespace: 'default',
      title: `${database.name} (${database.environment})`,
      description: `PostgreSQL database of ${database.componentRef}, requested through the portal by ${database.requestedBy}: ${sizeClass.title.toLowerCase()} (${sizeClass.description}), ${database.region}${
        database.highAvailability ? ', highly available' : ''
      }, backups kept ${database.backupRetentionDays} days.`,
      tags: ['postgresql', database.environment],
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        [DATABASE_ID_ANNOTATION]: database.id,
        [DATABASE_SIZE_CLASS_ANNOTATION]: database.size,
        [DATABASE_MONTHLY_COST_ANNOTATION]: String(database.monthlyCostUsd),
        [DATABASE_ENVIRONMENT_ANNOTATION]: database.environment,
        [DATABASE_STATUS_ANNOTATION]: database.status,
      },
    },
    spec: {
      type: 'database',
      owner: database.ownerRef,
      ...(database.systemRef ? { system: database.systemRef } : {}),
      dependencyOf: [database.componentRef],
    },
  };
}
