import {
  DATABASE_CATALOG_EVENT_TOPIC,
  DATABASE_REQUEST_EVENT_TOPIC,
  databaseEntityName,
  DatabaseRequestEventPayload,
} from '@internal/plugin-databases-common';
import {
  DatabaseRecord,
  DatabasesStore,
  RequestRecord,
} from '../database/DatabasesStore';
import type { OutboxEvent, OutboxNotification } from './OutboxDispatcher';

export function databaseEntityRef(database: { name: string; environment: string }) {
  return `resource:default/${databaseEntityName(database.name, database.environment)}`;
}

export function databaseLink(database: { name: string; environment: string }) {
  return `/catalog/default/resource/${databaseEntityName(
    database.name,
    database.environment,
  )}/database`;
}

export function requestLink(request: { id: string }) {
  return `/databases/requests/${request.id}`;
}

export function describeDatabase(database: { name: string; environment: string }) {
  return `${database.name} (${database.environment})`;
}

/** Writes what a state change announces into the outbox, inside the caller's transaction. */
export class Announcer {
  constructor(
    private readonly store: DatabasesStore,
    private readonly now: number,
  ) {}

  async notify(notification: OutboxNotification) {
    await this.store.insertOutbox('notification', notification, this.now);
  }

  /** The DevEx contract: a create request reached a final or waiting state. */
  async requestEvent(
    request: RequestRecord,
    status: DatabaseRequestEventPayload['status'],
  ) {
    if (request.kind !== 'create') return;
    const iso = (t?: number) => (t === undefined ? undefined : new Date(t).toISOString());
    const payload: DatabaseRequestEventPayload = {
      requestId: request.id,
      entityRef: databaseEntityRef(request),
      componentRef: request.componentRef,
      team: request.ownerRef,
      environment: request.environment,
      size: request.size,
      monthlyCostUsd: request.monthlyCostUsd,
      status,
      requestedAt: iso(request.requestedAt)!,
      ...(request.decidedAt !== undefined
        ? {
            decidedAt: iso(request.decidedAt),
            approvalWaitMs: request.decidedAt - request.requestedAt,
          }
        : {}),
      ...(request.completedAt !== undefined
        ? { completedAt: iso(request.completedAt) }
        : {}),
    };
    const event: OutboxEvent = {
      topic: DATABASE_REQUEST_EVENT_TOPIC,
      eventPayload: payload,
    };
    await this.store.insertOutbox('event', event, this.now);
  }

  /** The catalog module refreshes its Resources when this arrives. */
  async catalogChanged(database: DatabaseRecord) {
    const event: OutboxEvent = {
      topic: DATABASE_CATALOG_EVENT_TOPIC,
      eventPayload: { databaseId: database.id, entityRef: databaseEntityRef(database) },
    };
    await this.store.insertOutbox('event', event, this.now);
  }
}
