import { DEVEX_ADMIN_ONLY_PERMISSION_NAMES } from '@internal/plugin-devex-common';

/**
 * DevEx metrics (plugins/devex-backend): everyone signed in reads the dashboards and
 * answers surveys (read and create); who wrote a survey comment is for platform
 * admins only, so comments stay anonymous to everyone else.
 */
export const DEVEX_ADMIN_ONLY_PERMISSIONS: readonly string[] =
  DEVEX_ADMIN_ONLY_PERMISSION_NAMES;
