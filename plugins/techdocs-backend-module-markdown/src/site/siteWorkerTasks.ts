import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import type MarkdownIt from 'markdown-it';
import { createMarkdownRenderer } from '../markdown/createMarkdownRenderer';
import type { BuildLog } from './BuildLog';
import { DocsFolder, type DocsFile } from './DocsFolder';
import { renderSitePage, type RenderedSitePage } from './renderSitePage';
import { TimeSlices } from './TimeSlices';

/** Where the worker thread loads this module from: the source file in development, dist/ built. */
export const SITE_WORKER_MODULE = __filename;

/** One file system call of a build. Paths are absolute. */
export type WriteOp =
  | { kind: 'folder'; path: string }
  | { kind: 'file'; path: string; content: string }
  | { kind: 'copy'; path: string; from: string };

/** Work a build hands to the site worker; the same function runs it on either thread. */
export type SiteWorkerTask =
  | { kind: 'write'; ops: WriteOp[] }
  | {
      kind: 'render';
      inputDir: string;
      docsDir: string;
      files: DocsFile[];
      urlsBySrcPath: Map<string, string>;
    };

export type SiteWorkerResult = undefined | RenderedSitePage[];

let renderer: MarkdownIt | undefined;

/** The markdown renderer, created once per thread: its grammars take a while to compile. */
export function markdownRenderer(): MarkdownIt {
  renderer ??= createMarkdownRenderer();
  return renderer;
}

/**
 * Runs the file system calls in order; a folder that exists is fine. The calls are synchronous:
 * on their own thread, that is cheaper than a trip through the thread pool per call.
 */
function runWrites(ops: WriteOp[]): void {
  for (const op of ops) {
    if (op.kind === 'folder') {
      try {
        mkdirSync(op.path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw error;
        }
      }
    } else if (op.kind === 'file') {
      writeFileSync(op.path, op.content);
    } else {
      copyFileSync(op.from, op.path);
    }
  }
}

/** Renders pages one after the other; each carries its own warnings back. */
async function renderPages(
  task: Extract<SiteWorkerTask, { kind: 'render' }>,
): Promise<RenderedSitePage[]> {
  let warnings: string[] = [];
  const log: BuildLog = {
    info() {},
    debug() {},
    warn: message => warnings.push(message),
  };
  const docs = await DocsFolder.open(task.inputDir, task.docsDir, log);
  const results: RenderedSitePage[] = [];
  const slices = new TimeSlices();
  for (const file of task.files) {
    await slices.next();
    warnings = [];
    const page = await renderSitePage(
      markdownRenderer(),
      docs,
      file,
      task.urlsBySrcPath,
      warnings,
    );
    results.push({ page, warnings });
  }
  return results;
}

export async function runSiteWorkerTask(
  task: SiteWorkerTask,
): Promise<SiteWorkerResult> {
  if (task.kind === 'write') {
    runWrites(task.ops);
    return undefined;
  }
  return renderPages(task);
}
