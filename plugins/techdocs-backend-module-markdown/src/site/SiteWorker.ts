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

/**
 * The site worker of the process: a second thread, shared by every build, that renders part of
 * a site's pages and makes its file system calls while the calling thread renders the rest. Its
 * tasks run in the order they were sent, so a folder is made before the files that go in it. It
 * keeps the process alive only while it has work.
 *
 * Until the thread is up (its modules take a moment to load), and should it fail to start,
 * tasks run on the calling thread: a build never waits for the worker to start.
 */
class SiteWorker {
  private worker?: Worker;
  private state: 'idle' | 'starting' | 'ready' | 'unavailable' = 'idle';
  private nextId = 0;
  private readonly sent = new Map<number, Pending>();
  private readonly onSettled: Array<(ready: boolean) => void> = [];

  /** Whether tasks run on the worker's own thread. */
  get onOwnThread(): boolean {
    return this.state === 'ready';
  }

  /** Starts the thread ahead of the first build; resolves to whether it is up. */
  warmUp(): Promise<boolean> {
    if (this.state === 'ready' || this.state === 'unavailable') {
      return Promise.resolve(this.state === 'ready');
    }
    const settled = new Promise<boolean>(resolve =>
      this.onSettled.push(resolve),
    );
    this.start();
    // Someone waits for the thread: the process stays up until it is.
    this.worker?.ref();
    return settled;
  }

  run(task: SiteWorkerTask): Promise<SiteWorkerResult> {
    if (this.state !== 'ready') {
      this.start();
      return runSiteWorkerTask(task);
    }
    const worker = this.worker!;
    const id = this.nextId++;
    return new Promise<SiteWorkerResult>((resolve, reject) => {
      this.sent.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, task });
    });
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
      this.settle('unavailable');
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
    // An idle worker must not keep a one-shot process (the CLI) alive; after the listeners,
    // which take a reference of their own.
    worker.unref();
  }

  private settle(state: 'ready' | 'unavailable') {
    this.state = state;
    if (this.sent.size === 0) {
      this.worker?.unref();
    }
    this.onSettled.splice(0).forEach(resolve => resolve(state === 'ready'));
  }

  private onReply(reply: Reply) {
    if (reply.ready) {
      this.settle('ready');
      return;
    }
    const pending = this.sent.get(reply.id);
    this.sent.delete(reply.id);
    if (this.sent.size === 0) {
      this.worker?.unref();
    }
    if (pending && reply.error) {
      const error: NodeJS.ErrnoException = new Error(reply.error.message);
      error.code = reply.error.code;
      pending.reject(error);
    } else {
      pending?.resolve(reply.result);
    }
  }

  private onFailure(error: Error) {
    if (!this.worker) {
      return;
    }
    const startFailed = this.state === 'starting';
    this.worker = undefined;
    // Tasks on the thread fail (their writes may have half happened); the next ones start a
    // new thread.
    for (const pending of this.sent.values()) {
      pending.reject(error);
    }
    this.sent.clear();
    if (startFailed) {
      this.settle('unavailable');
    } else {
      this.state = 'idle';
    }
  }
}

export const siteWorker = new SiteWorker();
