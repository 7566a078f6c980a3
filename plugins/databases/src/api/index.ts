export { databasesApiRef } from './DatabasesApi';
export type { DatabasesApi } from './DatabasesApi';
