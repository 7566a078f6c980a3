/**
 * Catalog module that ingests bulk entity files (exports, generated organizations)
 * through entity providers that apply delta mutations.
 *
 * @packageDocumentation
 */
export { catalogModuleEntityFiles as default } from './module';
export { EntityFilesEntityProvider } from './EntityFilesEntityProvider';
export type {
  EntityFilesSource,
  EntityFilesRefreshResult,
} from './EntityFilesEntityProvider';
