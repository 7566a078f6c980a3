/**
 * The engines every store of the portal is tested on. Iterate over this list
 * rather than `TestDatabases.eachSupportedId()`: `init` throws for an engine that is
 * not available, so a missing PostgreSQL fails the suite instead of silently
 * shrinking it to SQLite.
 */
export const PORTAL_TEST_DATABASE_IDS = ['SQLITE_3', 'POSTGRES_15'] as const;

export type PortalTestDatabaseId = (typeof PORTAL_TEST_DATABASE_IDS)[number];
