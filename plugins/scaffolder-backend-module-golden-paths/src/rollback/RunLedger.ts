import { LoggerService } from '@backstage/backend-plugin-api';

type Undo = { description: string; run: () => Promise<void> };

const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * What each scaffolder run has created so far, and how to undo it. Only the
 * golden-path actions write here, so a rollback removes exactly what its own run
 * made: a template cannot name someone else's repository or location for
 * removal. Runs execute in the process that claimed them, so the ledger lives in
 * memory; entries of finished runs are forgotten after a day.
 */
export class RunLedger {
  private readonly runs = new Map<string, { since: number; undo: Undo[] }>();
  private readonly watched = new Set<string>();

  record(runId: string, description: string, run: () => Promise<void>) {
    this.forgetOld();
    const entry = this.runs.get(runId) ?? { since: Date.now(), undo: [] };
    entry.undo.push({ description, run });
    this.runs.set(runId, entry);
  }

  /**
   * A cancelled run stops before its `if: failure()` steps, so the rollback is
   * tied to the run's cancel signal as well.
   */
  rollbackOnCancel(
    runId: string,
    signal: AbortSignal | undefined,
    logger: LoggerService,
  ) {
    if (!signal || this.watched.has(runId)) {
      return;
    }
    this.watched.add(runId);
    signal.addEventListener(
      'abort',
      () => {
        this.watched.delete(runId);
        this.rollback(runId, logger).then(
          ({ undone }) =>
            undone.length &&
            logger.info(`Cancelled run ${runId}: removed ${undone.join(', ')}`),
        );
      },
      { once: true },
    );
  }

  /** Whether the run has created anything yet. */
  has(runId: string): boolean {
    return (this.runs.get(runId)?.undo.length ?? 0) > 0;
  }

  /**
   * Undoes what the run created, newest first. Every undo is attempted; the
   * descriptions of those that failed are returned so the caller can say what
   * is left for an administrator.
   */
  async rollback(
    runId: string,
    logger: LoggerService,
  ): Promise<{ undone: string[]; failed: string[] }> {
    const entry = this.runs.get(runId);
    this.runs.delete(runId);
    const undone: string[] = [];
    const failed: string[] = [];
    for (const undo of [...(entry?.undo ?? [])].reverse()) {
      try {
        await undo.run();
        undone.push(undo.description);
      } catch (error) {
        logger.error(`Could not undo: ${undo.description}: ${error}`);
        failed.push(undo.description);
      }
    }
    return { undone, failed };
  }

  private forgetOld() {
    const cutoff = Date.now() - FORGET_AFTER_MS;
    for (const [runId, entry] of this.runs) {
      if (entry.since < cutoff) {
        this.runs.delete(runId);
        this.watched.delete(runId);
      }
    }
  }
}
