import { Worker } from 'node:worker_threads';
import {
  runSiteWorkerTask,
  SITE_WORKER_MODULE,
  type SiteWorkerResult,
  type SiteWorkerTask,
} from './siteWorkerTasks';

interface Reply {
  id: number;
  ready?: true;
  result?: SiteWorkerResult;
  error?: { message: string; code?: string };
}

interface Pending {
  task: SiteWorkerTask;
  resolve(result: SiteWorkerResult): void;
  reject(error: Error): void;
}

// The worker loads the same module the build uses (siteWorkerTasks), from the source file with
// Backstage's TypeScript transform in development and tests, from dist/ when built.
const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.transform) require(workerData.transform);
const { runSiteWorkerTask } = require(workerData.module);
parentPort.postMessage({ id: -1, ready: true });
parentPort.on('message', ({ id, task }) => {
  runSiteWorkerTask(task).then(
    result => parentPort.postMessage({ id, result }),
    error => parentPort.postMessage({
      id,
      error: { message: String((error && error.message) || error), code: error && error.code },
    }),
  );
});
`;

function transformFor(module: string): string | undefined {
  return /\.tsx?$/.test(module)
    ? require.resolve('@backstage/cli/config/nodeTransform.cjs')
    : undefined;
}

/** File contents move to the worker rather than being copied. */
function transferListOf(task: SiteWorkerTask): ArrayBuffer[] {
  return task.kind === 'write'
    ? task.ops.flatMap(op =>
        op.kind === 'file' ? [op.content.buffer as ArrayBuffer] : [],
      )
    : [];
}

/**
 * The site worker of the process: a second thread, shared by every build, that renders part of
 * a site's pages and makes its file system calls while the calling thread renders the rest. Its
 * tasks run in the order they were sent, so a folder is made before the files that go in it. It
 * keeps the process alive only while it has work. Should the thread fail to start, tasks run on
 * the calling thread instead.
 */
class SiteWorker {
  private worker?: Worker;
  private state: 'idle' | 'starting' | 'ready' | 'unavailable' = 'idle';
  private nextId = 0;
  private readonly queued: Pending[] = [];
  private readonly sent = new Map<number, Pending>();

  /** Whether tasks run on the worker's own thread (false before the first task and on failure). */
  get onOwnThread(): boolean {
    return this.state === 'ready';
  }

  run(task: SiteWorkerTask): Promise<SiteWorkerResult> {
    if (this.state === 'unavailable') {
      return runSiteWorkerTask(task);
    }
    return new Promise<SiteWorkerResult>((resolve, reject) => {
      const pending = { task, resolve, reject };
      if (this.state === 'ready') {
        this.send(pending);
      } else {
        this.queued.push(pending);
        this.start();
      }
    });
  }

  private send(pending: Pending) {
    const id = this.nextId++;
    this.sent.set(id, pending);
    this.worker!.ref();
    this.worker!.postMessage(
      { id, task: pending.task },
      transferListOf(pending.task),
    );
  }

  private start() {
    if (this.state !== 'idle') {
      return;
    }
    this.state = 'starting';
    let worker: Worker;
    try {
      worker = new Worker(BOOTSTRAP, {
        eval: true,
        workerData: {
          module: SITE_WORKER_MODULE,
          transform: transformFor(SITE_WORKER_MODULE),
        },
      });
    } catch {
      this.becomeUnavailable();
      return;
    }
    this.worker = worker;
    worker.on('message', (reply: Reply) => this.onReply(reply));
    worker.on('error', error =>
      this.onFailure(error instanceof Error ? error : new Error(String(error))),
    );
    worker.on('exit', code =>
      this.onFailure(new Error(`The TechDocs site worker stopped (${code}).`)),
    );
  }

  private onReply(reply: Reply) {
    if (reply.ready) {
      this.state = 'ready';
      this.queued.splice(0).forEach(pending => this.send(pending));
    } else {
      const pending = this.sent.get(reply.id);
      this.sent.delete(reply.id);
      if (pending && reply.error) {
        const error: NodeJS.ErrnoException = new Error(reply.error.message);
        error.code = reply.error.code;
        pending.reject(error);
      } else {
        pending?.resolve(reply.result);
      }
    }
    if (this.sent.size === 0 && this.queued.length === 0) {
      this.worker?.unref();
    }
  }

  private onFailure(error: Error) {
    const startFailed = this.state === 'starting';
    this.worker = undefined;
    // Sent tasks may have handed their contents over: they fail. Queued ones never left.
    for (const pending of this.sent.values()) {
      pending.reject(error);
    }
    this.sent.clear();
    if (startFailed) {
      this.becomeUnavailable();
    } else {
      this.state = 'idle';
      if (this.queued.length > 0) {
        this.start();
      }
    }
  }

  private becomeUnavailable() {
    this.state = 'unavailable';
    this.worker = undefined;
    for (const pending of this.queued.splice(0)) {
      runSiteWorkerTask(pending.task).then(pending.resolve, pending.reject);
    }
  }
}

export const siteWorker = new SiteWorker();
