/*
 * The portal's backend: every feature it runs, and nothing else.
 * What each plugin does and how it is configured is in the README.
 */
import { createBackend } from '@backstage/backend-defaults';
import { rootHttpRouterWithoutStackTraces } from './http/rootHttpRouterWithoutStackTraces';
import { startBackend } from './preflight/startBackend';

const backend = createBackend();

backend.add(rootHttpRouterWithoutStackTraces);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in: guest for local development, GitHub or OIDC in production.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(
  import('@internal/plugin-catalog-backend-module-file-placeholders'),
);
// Golden paths: catalogs the local git repositories that templates publish.
backend.add(import('@internal/plugin-catalog-backend-module-golden-paths'));
// Catalog at scale: bulk entity files (catalog.providers.entityFiles) applied as delta
// mutations instead of file locations, and write-ahead logging on SQLite (bench/catalog).
backend.add(import('@internal/plugin-catalog-backend-module-entity-files'));
backend.add(import('@internal/plugin-catalog-backend-module-database-tuning'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@internal/plugin-permission-backend-module-ownership-policy'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// Golden paths: validate against the catalog, publish (local git, GitHub or GitLab),
// register within seconds, roll back a failed run.
backend.add(import('@internal/plugin-scaffolder-backend-module-golden-paths'));

// TechDocs: our TypeScript generator (no Python, no Docker); MkDocs stays available
// per entity with the backstage.io/techdocs-engine: mkdocs annotation.
backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('@internal/plugin-techdocs-backend-module-markdown'));
backend.add(import('@internal/plugin-techdocs-backend-module-prebuild'));

// Search: PostgreSQL engine when the database is PostgreSQL, Lunr in memory otherwise.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// The event bus lets catalog and signals events reach every replica.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Databases on request: forms, CEL policy, approvals, PostgreSQL provisioning, day-2
// operations; Resources in the catalog, the databases:request action, demo-user sign-in
// for local approvals (refused in production).
backend.add(import('@internal/plugin-databases-backend'));
backend.add(import('@internal/plugin-catalog-backend-module-databases'));
backend.add(import('@internal/plugin-scaffolder-backend-module-databases'));
backend.add(import('@internal/plugin-auth-backend-module-demo-users-provider'));

// DevEx metrics: DORA from CI and incident senders, platform adoption, time to first
// value, surveys and showback cost, from the portal's own catalog, scaffolder and events.
backend.add(import('@internal/plugin-devex-backend'));

startBackend(backend);
