/**
 * Annotations on the catalog Resource of a provisioned database. Other plugins read
 * them (the DevEx metrics plugin sums cost per team), so they are part of the contract.
 */
export const DATABASE_ID_ANNOTATION = 'wayfarer.example/database-id';
/** The size class: small, medium or large. */
export const DATABASE_SIZE_CLASS_ANNOTATION = 'wayfarer.example/size-class';
/** What the database costs a month in whole US dollars, as a decimal string. */
export const DATABASE_MONTHLY_COST_ANNOTATION =
  'wayfarer.example/monthly-cost-usd';
export const DATABASE_ENVIRONMENT_ANNOTATION = 'wayfarer.example/environment';
/** active, or decommissioning during the grace period. */
export const DATABASE_STATUS_ANNOTATION = 'wayfarer.example/database-status';

/** Events topic: a database request reached a final or waiting state (see README). */
export const DATABASE_REQUEST_EVENT_TOPIC = 'databases.request';
/** Events topic: the set of databases in the catalog changed. */
export const DATABASE_CATALOG_EVENT_TOPIC = 'databases.catalog';

/** Payload of {@link DATABASE_REQUEST_EVENT_TOPIC}; never carries a secret. */
export type DatabaseRequestEventPayload = {
  requestId: string;
  entityRef: string;
  componentRef: string;
  team: string;
  environment: string;
  size: string;
  monthlyCostUsd: number;
  status: 'provisioned' | 'denied' | 'rejected' | 'failed' | 'awaiting-approval';
  requestedAt: string;
  decidedAt?: string;
  completedAt?: string;
  approvalWaitMs?: number;
};
