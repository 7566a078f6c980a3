/**
 * Types, zod schemas, permissions and the HTTP client shared by the databases plugin's
 * frontend, backend, scaffolder action and catalog module.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './annotations';
export * from './permissions';
export { DatabasesClient } from './DatabasesClient';
export type {
  DatabasesClientOptions,
  DatabasesRequestOptions,
} from './DatabasesClient';
