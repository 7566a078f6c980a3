import path from 'node:path';
import { siteWorker } from './SiteWorker';
import type { WriteOp } from './siteWorkerTasks';

const BATCH_SIZE = 16;

/**
 * Writes a site into its output folder on the site worker's thread. A site is a folder and a
 * file per page; on a virtual disk those calls cost about as much as rendering the pages, so they
 * run on another core while this thread renders. Pages go over as strings and are encoded
 * there as well: encoding them here to hand the bytes over made warm builds slower
 * (bench/techdocs/run.sh, interleaved: 74/85/81/104 → 74/67/65/91 ms).
 * Calls are queued in batches and run in order; `finish` waits for all of them and fails with
 * the first error.
 */
export class SiteFileWriter {
  private readonly written: string[] = [];
  private queued: WriteOp[] = [];
  private readonly batches: Promise<void>[] = [];

  constructor(private readonly outputDir: string) {}

  /** Creates folders (relative to the output folder), parents first. */
  createFolders(relativeFolders: Iterable<string>): void {
    const sorted = [...relativeFolders].sort(
      (a, b) => a.split('/').length - b.split('/').length,
    );
    for (const folder of sorted) {
      this.queue({ kind: 'folder', path: this.absolute(folder) });
    }
  }

  writeFile(relative: string, content: string): void {
    this.queue({
      kind: 'file',
      path: this.absolute(relative),
      content,
    });
    this.written.push(relative);
  }

  /** Copies a file that was already checked to lie inside the docs folder. */
  copyFile(relative: string, absoluteSource: string): void {
    this.queue({
      kind: 'copy',
      path: this.absolute(relative),
      from: absoluteSource,
    });
    this.written.push(relative);
  }

  /** Every file written so far, relative to the output folder. */
  get files(): readonly string[] {
    return this.written;
  }

  /** Waits until everything queued is on disk. */
  async finish(): Promise<void> {
    this.flush();
    const results = await Promise.allSettled(this.batches);
    const failed = results.find(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    if (failed) {
      throw failed.reason;
    }
  }

  private absolute(relative: string): string {
    return path.join(this.outputDir, relative);
  }

  private queue(op: WriteOp) {
    this.queued.push(op);
    if (this.queued.length >= BATCH_SIZE) {
      this.flush();
    }
  }

  private flush() {
    if (this.queued.length === 0) {
      return;
    }
    const batch = siteWorker
      .run({ kind: 'write', ops: this.queued })
      .then(() => {});
    // Failures are reported by finish(); this only keeps an early one from being unhandled.
    batch.catch(() => {});
    this.batches.push(batch);
    this.queued = [];
  }
}
