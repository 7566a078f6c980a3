/**
 * The `databases:request` scaffolder action.
 *
 * @packageDocumentation
 */
export { scaffolderModuleDatabases as default } from './module';
export { createDatabaseRequestAction } from './createDatabaseRequestAction';
