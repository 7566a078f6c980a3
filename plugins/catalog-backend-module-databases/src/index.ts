/**
 * Catalog module that registers every provisioned database as a Resource.
 *
 * @packageDocumentation
 */
export { catalogModuleDatabases as default } from './module';
export { DatabaseEntityProvider } from './DatabaseEntityProvider';
