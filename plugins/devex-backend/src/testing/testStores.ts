import { TestDatabases } from '@backstage/backend-test-utils';
import { PortalTestDatabaseId } from '@internal/backend-test-kit';
import { Knex } from 'knex';
import { DatabaseEventStore } from '../database/DatabaseEventStore';
import { DatabaseFeedbackStore } from '../database/DatabaseFeedbackStore';
import { DatabaseMetricsStore } from '../database/DatabaseMetricsStore';
import { DatabasePlatformStore } from '../database/DatabasePlatformStore';
import { NewDeployment, NewIncident } from '../database/EventStore';
import { EntityFacts } from '../database/PlatformStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { Clock } from '../lib/time';

/** A fresh, migrated database of the given engine with every store on it. */
export async function createTestStores(databases: TestDatabases, id: PortalTestDatabaseId) {
  const knex: Knex = await databases.init(id);
  await applyDatabaseMigrations(knex);
  return {
    knex,
    events: DatabaseEventStore.create(knex),
    platform: DatabasePlatformStore.create(knex),
    feedback: DatabaseFeedbackStore.create(knex),
    metrics: DatabaseMetricsStore.create(knex),
  };
}

export function fixedClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return {
    now: () => now,
    set(next: string) {
      now = new Date(next);
    },
  };
}

export const ms = (iso: string) => Date.parse(iso);

let counter = 0;

/** A production deployment of a component, with defaults for what a test does not care about. */
export function deployment(overrides: Partial<NewDeployment> & { finishedAt: number }): NewDeployment {
  counter++;
  return {
    sender: 'ci',
    eventId: `d-${counter}`,
    payloadHash: `hash-${counter}`,
    entityRef: 'component:default/svc-a',
    teamRef: 'group:default/team-a',
    environment: 'production',
    isProduction: true,
    version: `1.0.${counter}`,
    outcome: 'success',
    commits: [],
    receivedAt: overrides.finishedAt,
    ...overrides,
  };
}

export function incident(overrides: Partial<NewIncident> & { openedAt: number }): NewIncident {
  counter++;
  return {
    sender: 'pager',
    eventId: `i-${counter}`,
    payloadHash: `hash-${counter}`,
    entityRef: 'component:default/svc-a',
    teamRef: 'group:default/team-a',
    severity: 'sev2',
    receivedAt: overrides.openedAt,
    ...overrides,
  };
}

/** Two teams with a service each, a department above team-a, and users. */
export const FIXTURE_ENTITIES: EntityFacts[] = [
  { entityRef: 'group:default/engineering', kind: 'group', type: 'department', title: 'Engineering', hasOwner: false, hasDocs: false, hasCiAnnotation: false },
  { entityRef: 'group:default/team-a', kind: 'group', type: 'team', title: 'Team A', parentRef: 'group:default/engineering', hasOwner: false, hasDocs: false, hasCiAnnotation: false },
  { entityRef: 'group:default/team-b', kind: 'group', type: 'team', title: 'Team B', hasOwner: false, hasDocs: false, hasCiAnnotation: false },
  { entityRef: 'component:default/svc-a', kind: 'component', type: 'service', title: 'Service A', ownerRef: 'group:default/team-a', lifecycle: 'production', hasOwner: true, hasDocs: true, hasCiAnnotation: false, dependsOn: ['resource:default/db-a'] },
  { entityRef: 'component:default/svc-b', kind: 'component', type: 'service', title: 'Service B', ownerRef: 'group:default/team-b', lifecycle: 'production', hasOwner: true, hasDocs: false, hasCiAnnotation: true },
  { entityRef: 'resource:default/db-a', kind: 'resource', type: 'database', title: 'DB A', ownerRef: 'group:default/team-a', hasOwner: true, hasDocs: false, hasCiAnnotation: false, monthlyCostUsd: 480, costClass: 'l', costSource: 'size-class' },
  { entityRef: 'resource:default/cache-b', kind: 'resource', type: 'cache', title: 'Cache B', ownerRef: 'group:default/team-b', hasOwner: true, hasDocs: false, hasCiAnnotation: false, monthlyCostUsd: 60, costClass: 's', costSource: 'type-default' },
];

export const FIXTURE_MEMBERSHIPS = [
  { userRef: 'user:default/ann', groupRef: 'group:default/team-a' },
  { userRef: 'user:default/al', groupRef: 'group:default/team-a' },
  { userRef: 'user:default/bo', groupRef: 'group:default/team-b' },
];
