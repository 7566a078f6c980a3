/**
 * Development-only sign-in as a configured demo user; refused in production.
 *
 * @packageDocumentation
 */
export { authModuleDemoUsersProvider as default } from './module';
