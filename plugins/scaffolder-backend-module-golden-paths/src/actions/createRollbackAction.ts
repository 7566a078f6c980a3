import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { RunLedger } from '../rollback/RunLedger';
import { refusal } from '../refusal';

/**
 * `golden-paths:rollback` undoes what the golden-path actions of this run
 * created (its git repository, its catalog location), newest first. Templates run
 * it last with `if: ${{ failure() }}`, so a run that fails part-way leaves
 * nothing behind. It takes no input: it can only undo its own run.
 */
export function createRollbackAction(options: { ledger: RunLedger }) {
  const { ledger } = options;
  return createTemplateAction({
    id: 'golden-paths:rollback',
    description:
      'Removes what this run created (repository, catalog location) after a failed step; use with if: ${{ failure() }}.',
    schema: { input: {} },
    async handler(ctx) {
      if (!ledger.has(ctx.task.id)) {
        ctx.logger.info('Nothing was created, so there is nothing to undo.');
        return;
      }
      const { undone, failed } = await ledger.rollback(ctx.task.id, ctx.logger);
      for (const description of undone) {
        ctx.logger.info(`Removed ${description}.`);
      }
      if (failed.length > 0) {
        throw refusal(
          new Error(
            `Could not remove ${failed.join(
              ' and ',
            )}; ask the platform team to remove it by hand.`,
          ),
        );
      }
    },
  });
}
