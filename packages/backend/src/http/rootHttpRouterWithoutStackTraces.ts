import {
  RootHttpRouterConfigureContext,
  rootHttpRouterServiceFactory,
} from '@backstage/backend-defaults/rootHttpRouter';

/**
 * Backstage's default root router setup, except that error answers never carry a
 * stack trace. Stock Backstage adds one whenever NODE_ENV is development, which is
 * how `./portal start` runs: a user who sends a bad request should read what to fix,
 * not the portal's source paths.
 */
export function configureWithoutStackTraces({
  middleware,
  applyDefaults,
}: Pick<RootHttpRouterConfigureContext, 'middleware' | 'applyDefaults'>) {
  const error = middleware.error.bind(middleware);
  middleware.error = options => error({ ...options, showStackTraces: false });
  applyDefaults();
}

export const rootHttpRouterWithoutStackTraces = rootHttpRouterServiceFactory({
  configure: configureWithoutStackTraces,
});
