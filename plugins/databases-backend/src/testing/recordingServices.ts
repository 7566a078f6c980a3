import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { EventParams, eventsServiceRef } from '@backstage/plugin-events-node';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';

/** Notifications, events and log lines a test backend produced, to assert on and grep. */
export class Recorded {
  readonly notifications: NotificationSendOptions[] = [];
  readonly events: EventParams[] = [];
  readonly logs: string[] = [];

  /** Everything recorded, as one text, to look for secrets in. */
  everything(): string {
    return [
      ...this.logs,
      ...this.notifications.map(n => JSON.stringify(n)),
      ...this.events.map(e => JSON.stringify(e)),
    ].join('\n');
  }

  factories() {
    const notifications = createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => ({
        send: async (options: NotificationSendOptions) => {
          this.notifications.push(options);
        },
      }),
    });
    const handlers: Array<{ topics: string[]; onEvent: (e: EventParams) => Promise<void> }> =
      [];
    const events = createServiceFactory({
      service: eventsServiceRef,
      deps: {},
      factory: () => ({
        publish: async (params: EventParams) => {
          this.events.push(params);
          for (const h of handlers) {
            if (h.topics.includes(params.topic)) await h.onEvent(params);
          }
        },
        subscribe: async (options: {
          topics: string[];
          onEvent: (e: EventParams) => Promise<void>;
        }) => {
          handlers.push(options);
        },
      }),
    });
    const record = this.logs;
    const makeLogger = (meta: Record<string, unknown>): LoggerService => {
      const log =
        (level: string) => (message: string, extra?: Error | Record<string, unknown>) => {
          record.push(
            `${level} ${message} ${JSON.stringify(meta)} ${
              extra instanceof Error ? `${extra.message} ${extra.stack}` : JSON.stringify(extra ?? {})
            }`,
          );
        };
      return {
        error: log('error'),
        warn: log('warn'),
        info: log('info'),
        debug: log('debug'),
        child: (more: Record<string, unknown>) => makeLogger({ ...meta, ...more }),
      };
    };
    const rootLogger = createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => makeLogger({}) as any,
    });
    return [notifications, events, rootLogger];
  }
}
