import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams } from '@backstage/plugin-events-node';
import { z } from 'zod';
import { PlatformStore } from '../database/PlatformStore';

export const DATABASE_REQUEST_TOPIC = 'databases.request';

const timestamp = z.iso.datetime({ offset: true });

/** The payload the databases plugin publishes on `databases.request`. */
export const databaseRequestEventSchema = z.object({
  requestId: z.string().min(1).max(255),
  entityRef: z.string().max(255).optional(),
  componentRef: z.string().max(255).optional(),
  team: z.string().max(255).optional(),
  environment: z.string().max(63).optional(),
  size: z.string().max(63).optional(),
  monthlyCostUsd: z.number().nonnegative().optional(),
  status: z.enum(['provisioned', 'denied', 'rejected', 'failed', 'awaiting-approval']),
  requestedAt: timestamp,
  decidedAt: timestamp.optional(),
  completedAt: timestamp.optional(),
  approvalWaitMs: z.number().nonnegative().optional(),
  /** Who asked, when the databases plugin knows; they are asked to rate the request. */
  requestedBy: z.string().max(255).optional(),
});

const lower = (ref: string | undefined) => ref?.toLocaleLowerCase('en-US');

/** Records database requests (lead time, approval wait, refusals) from the databases plugin's events. */
export class DatabaseRequestSubscriber {
  constructor(
    private readonly store: PlatformStore,
    private readonly logger: LoggerService,
  ) {}

  async onEvent(event: EventParams): Promise<void> {
    const parsed = databaseRequestEventSchema.safeParse(event.eventPayload);
    if (!parsed.success) {
      this.logger.warn(
        `Ignored a ${DATABASE_REQUEST_TOPIC} event that does not match the expected payload: ${parsed.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
      return;
    }
    const e = parsed.data;
    const existing = await this.store.getDatabaseRequest(e.requestId);
    const ms = (iso?: string) => (iso ? Date.parse(iso) : undefined);
    await this.store.upsertDatabaseRequest({
      requestId: e.requestId,
      entityRef: lower(e.entityRef) ?? existing?.entityRef,
      componentRef: lower(e.componentRef) ?? existing?.componentRef,
      teamRef: lower(e.team) ?? existing?.teamRef,
      environment: e.environment ?? existing?.environment,
      size: e.size ?? existing?.size,
      monthlyCostUsd: e.monthlyCostUsd ?? existing?.monthlyCostUsd,
      status: e.status,
      requestedBy: lower(e.requestedBy) ?? existing?.requestedBy,
      requestedAt: ms(e.requestedAt)!,
      decidedAt: ms(e.decidedAt) ?? existing?.decidedAt,
      completedAt: ms(e.completedAt) ?? existing?.completedAt,
      approvalWaitMs: e.approvalWaitMs ?? existing?.approvalWaitMs,
    });
  }
}
