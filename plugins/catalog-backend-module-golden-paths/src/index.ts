/**
 * Catalogs the local git repositories that golden-path templates publish.
 *
 * @packageDocumentation
 */
export { catalogModuleGoldenPaths as default } from './module';
export { LocalRepositoryEntityProvider } from './LocalRepositoryEntityProvider';
