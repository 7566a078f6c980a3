import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { PlatformStore, ScaffolderRun } from '../database/PlatformStore';
import {
  FINISHED_TASK_STATUSES,
  parseScaffolderTime,
  ScaffolderTask,
  ScaffolderTasks,
} from './ScaffolderTasks';

const PAGE = 100;
const MAX_PAGES = 5;

function normalizeRef(ref: string | undefined, defaultKind: string): string | undefined {
  if (!ref) return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' })).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * Records template runs from the scaffolder: on its `scaffolder.task` events as
 * they happen, and by reading its task list on a schedule, which also catches
 * what happened while the portal was down.
 */
export class ScaffolderCollector {
  constructor(
    private readonly tasks: ScaffolderTasks,
    private readonly store: PlatformStore,
    private readonly logger: LoggerService,
  ) {}

  async collect(): Promise<number> {
    const unfinished = new Set(await this.store.listUnfinishedScaffolderRuns());
    let recorded = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const tasks = await this.tasks.list(PAGE, page * PAGE);
      for (const task of tasks) {
        const known = await this.store.getScaffolderRun(task.id);
        if (known && !unfinished.has(task.id) && known.status === task.status) {
          continue;
        }
        await this.record(task);
        recorded++;
      }
      if (tasks.length < PAGE) break;
    }
    return recorded;
  }

  /** Called for a `scaffolder.task` event: reads the task and records it. */
  async onTaskEvent(payload: unknown): Promise<void> {
    const id = (payload as { id?: unknown })?.id;
    if (typeof id !== 'string') return;
    try {
      const task = await this.tasks.get(id);
      if (task) {
        await this.record(task);
      }
    } catch (error) {
      this.logger.warn(`Could not record template run ${id}: ${error}`);
    }
  }

  async record(task: ScaffolderTask): Promise<ScaffolderRun | undefined> {
    const templateRef = normalizeRef(task.spec?.templateInfo?.entityRef, 'template');
    const createdAt = parseScaffolderTime(task.createdAt);
    if (!templateRef || createdAt === undefined) {
      return undefined;
    }
    const finished = FINISHED_TASK_STATUSES.includes(task.status);
    const completion = finished ? await this.tasks.completion(task.id) : {};
    const run: ScaffolderRun = {
      taskId: task.id,
      templateRef,
      templateTitle:
        task.spec?.templateInfo?.entity?.metadata?.title ??
        task.spec?.templateInfo?.entity?.metadata?.name,
      status: task.status,
      createdBy: task.createdBy?.toLocaleLowerCase('en-US'),
      createdAt,
      completedAt: finished
        ? completion.completedAt ?? parseScaffolderTime(task.lastHeartbeatAt) ?? createdAt
        : undefined,
      entityRef: normalizeRef(completion.entityRef, 'component'),
    };
    await this.store.upsertScaffolderRun(run);
    return run;
  }
}
