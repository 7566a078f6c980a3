import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';

/** A scaffolder task as GET /api/scaffolder/v2/tasks serializes it. */
export type ScaffolderTask = {
  id: string;
  status: string;
  createdAt: string;
  createdBy?: string;
  lastHeartbeatAt?: string;
  spec?: {
    templateInfo?: {
      entityRef?: string;
      entity?: { metadata?: { title?: string; name?: string } };
    };
  };
};

type TaskEvent = {
  type: string;
  createdAt: string;
  body?: { output?: Record<string, unknown> };
};

export const FINISHED_TASK_STATUSES = ['completed', 'failed', 'cancelled'];

/**
 * The scaffolder stores times without a zone on SQLite ("2026-11-27 10:00:00");
 * they are UTC.
 */
export function parseScaffolderTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const naive = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value);
  const ms = Date.parse(naive ? `${value.replace(' ', 'T')}Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The entity a finished run created: its output's entityRef, or a link to one. */
export function createdEntityOf(output: Record<string, unknown> | undefined): string | undefined {
  if (!output) return undefined;
  if (typeof output.entityRef === 'string') return output.entityRef;
  const links = Array.isArray(output.links) ? output.links : [];
  for (const link of links) {
    if (link && typeof link === 'object' && typeof (link as any).entityRef === 'string') {
      return (link as any).entityRef;
    }
  }
  return undefined;
}

/** Reads template runs through the scaffolder's own API. */
export class ScaffolderTasks {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  private async request(path: string, onBehalfOf?: BackstageCredentials): Promise<Response> {
    const baseUrl = await this.discovery.getBaseUrl('scaffolder');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: onBehalfOf ?? (await this.auth.getOwnServiceCredentials()),
      targetPluginId: 'scaffolder',
    });
    return fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  }

  /** The most recent tasks, newest first. */
  async list(limit: number, offset = 0): Promise<ScaffolderTask[]> {
    const res = await this.request(
      `/v2/tasks?order=desc:created_at&limit=${limit}&offset=${offset}`,
    );
    if (!res.ok) {
      throw new Error(`Listing scaffolder tasks failed with HTTP ${res.status}`);
    }
    const body = (await res.json()) as { tasks?: ScaffolderTask[] };
    return body.tasks ?? [];
  }

  /** A task, read as the given user (so only their own) or as this plugin. */
  async get(taskId: string, onBehalfOf?: BackstageCredentials): Promise<ScaffolderTask | undefined> {
    const res = await this.request(`/v2/tasks/${encodeURIComponent(taskId)}`, onBehalfOf);
    if (res.status === 404 || res.status === 403 || res.status === 400) {
      return undefined;
    }
    if (!res.ok) {
      throw new Error(`Reading scaffolder task failed with HTTP ${res.status}`);
    }
    return (await res.json()) as ScaffolderTask;
  }

  /** When a finished task finished, and what it created. */
  async completion(taskId: string): Promise<{ completedAt?: number; entityRef?: string }> {
    const res = await this.request(`/v2/tasks/${encodeURIComponent(taskId)}/events`);
    if (!res.ok) {
      return {};
    }
    const events = (await res.json()) as TaskEvent[];
    const completion = events.find(e => e.type === 'completion' || e.type === 'cancelled');
    if (!completion) {
      return {};
    }
    return {
      completedAt: parseScaffolderTime(completion.createdAt),
      entityRef: createdEntityOf(completion.body?.output),
    };
  }
}
