/**
 * The DevEx metrics backend: ingestion of deployments and incidents, collection of
 * the portal's own events, surveys, and the dashboards' API.
 *
 * @packageDocumentation
 */
export { devexPlugin as default } from './plugin';
