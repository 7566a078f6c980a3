import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { DatabasesStore } from '../database/DatabasesStore';

export type OutboxNotification = NotificationSendOptions;
export type OutboxEvent = { topic: string; eventPayload: unknown };

const CLAIM_MS = 60_000;

/**
 * Delivers what state changes wrote to the outbox in the same transaction: notifications
 * and events. A change is therefore never announced without having happened, nor lost when
 * the process dies after committing it (the next sweep delivers it). Rows are claimed before
 * delivery so two replicas do not both send one.
 */
export class OutboxDispatcher {
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly options: {
      store: DatabasesStore;
      notifications: NotificationService;
      events: EventsService;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  /** Delivers soon, without making the caller wait. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deliverDue()
      .catch(error =>
        this.options.logger.warn(`Could not deliver database notifications: ${error}`),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for the delivery in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async deliverDue(): Promise<void> {
    const { store, notifications, events, logger } = this.options;
    const now = this.options.now ?? Date.now;
    for (;;) {
      const rows = await store.listDueOutbox(now(), 50);
      if (rows.length === 0) return;
      for (const row of rows) {
        if (!(await store.claimOutbox(row, now() + CLAIM_MS * (row.attempts + 1)))) {
          continue;
        }
        try {
          if (row.kind === 'notification') {
            await notifications.send(row.payload as OutboxNotification);
          } else {
            const { topic, eventPayload } = row.payload as OutboxEvent;
            await events.publish({ topic, eventPayload: eventPayload as any });
          }
          await store.markOutboxDelivered(row.id, now());
        } catch (error) {
          // Left claimed; it is due again after the claim runs out, with a longer wait each time.
          logger.warn(
            `Could not deliver a database ${row.kind} (attempt ${row.attempts + 1}): ${error}`,
          );
        }
      }
      if (rows.length < 50) return;
    }
  }
}
