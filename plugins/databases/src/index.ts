/**
 * Databases on request: the request form with a live policy verdict, approvals, and the
 * database's page with health, credentials and day-2 operations.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { databasesApiRef } from './api';
export type { DatabasesApi } from './api';
