/**
 * DevEx metrics dashboards for the new frontend system: the organization page
 * (/devex), the DevEx tab of groups and components, the pulse survey on the home
 * page, the rating after a template run, and page-view reporting.
 *
 * @packageDocumentation
 */
export { devexPlugin as default, rootRouteRef } from './plugin';
export { devexApiRef } from './api/DevexApi';
export type { DevexApi, DashboardTarget } from './api/DevexApi';
export { DevexClient } from './api/DevexClient';
export { dashboardToCsv } from './dashboardToCsv';
