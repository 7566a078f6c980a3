/**
 * Catalog module with the database settings that keep the catalog fast at scale.
 *
 * @packageDocumentation
 */
export { catalogModuleDatabaseTuning as default } from './module';
