/**
 * Shared by the DevEx metrics plugins: what senders post, what dashboards return,
 * DORA tiers and definitions, and permissions.
 *
 * @packageDocumentation
 */
export * from './dora';
export * from './ingestion';
export * from './surveys';
export * from './dashboard';
export * from './permissions';
export * from './definitions';
export { formatZodError } from './formatZodError';
