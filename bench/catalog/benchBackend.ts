/*
 * The catalog part of the portal's backend (packages/backend/src/index.ts), started by
 * the catalog benchmark in its own process with the configuration of one variant:
 *   BENCH_VARIANT=stock  Backstage's catalog as the portal had it before issue #7
 *   BENCH_VARIANT=ours   plus the modules that make it scale
 * Sign-in (guest) and the permission policy are the portal's, so API calls are timed
 * the way the catalog page makes them: as a signed-in user, through the policy.
 */
import { createBackend } from '@backstage/backend-defaults';

const variant = process.env.BENCH_VARIANT;
if (variant !== 'stock' && variant !== 'ours') {
  throw new Error('Set BENCH_VARIANT to stock or ours.');
}

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@internal/plugin-permission-backend-module-ownership-policy'),
);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(
  import('@internal/plugin-catalog-backend-module-file-placeholders'),
);
if (variant === 'ours') {
  backend.add(import('@internal/plugin-catalog-backend-module-entity-files'));
  backend.add(
    import('@internal/plugin-catalog-backend-module-database-tuning'),
  );
}
backend.start();
