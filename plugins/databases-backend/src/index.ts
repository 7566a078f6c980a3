/**
 * Databases on request: policy checks in CEL, approvals, PostgreSQL provisioning,
 * encrypted credentials, monitoring and day-2 operations.
 *
 * @packageDocumentation
 */
export { databasesPlugin as default } from './plugin';
