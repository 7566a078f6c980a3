import { Config } from '@backstage/config';

/**
 * Returns a sentence for each static external-access entry without a usable token,
 * e.g. when production's `${DEVEX_CI_TOKEN}` is not set: otherwise every plugin fails
 * to start with the same config error.
 */
export function checkExternalAccess(config: Config): string[] {
  const entries = config.getOptionalConfigArray('backend.auth.externalAccess') ?? [];
  return entries.flatMap((entry, index) => {
    if (entry.getOptionalString('type') !== 'static') {
      return [];
    }
    const token = entry.getOptionalString('options.token') ?? '';
    const subject = entry.getOptionalString('options.subject') ?? '?';
    if (/^\S{8,}$/.test(token)) {
      return [];
    }
    return [
      `backend.auth.externalAccess[${index}] (sender '${subject}') has ${token ? 'an unusable' : 'no'} token. In production the senders' tokens come from the environment (DEVEX_CI_TOKEN and DEVEX_INCIDENTS_TOKEN for DevEx events): set each to a random string of at least 8 characters without spaces, e.g. the output of: openssl rand -hex 24`,
    ];
  });
}
