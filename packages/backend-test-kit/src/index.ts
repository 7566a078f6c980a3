export { PORTAL_TEST_DATABASE_IDS } from './testDatabaseIds';
export type { PortalTestDatabaseId } from './testDatabaseIds';
export { teamUserInfoServiceFactory } from './teamUserInfoServiceFactory';
export { onBehalfOfAuthServiceFactories } from './onBehalfOfAuthServiceFactory';
export {
  churnSyntheticOrganization,
  expectedRelations,
  generateSyntheticOrganization,
} from './syntheticOrganization';
export type {
  OrganizationChurn,
  SyntheticOrganization,
} from './syntheticOrganization';
