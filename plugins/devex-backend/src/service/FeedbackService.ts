import { BackstageCredentials, UserInfoService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  ActivityReport,
  PendingRating,
  PendingSurveys,
  SurveyAnswer,
} from '@internal/plugin-devex-common';
import { DevexConfig } from '../config';
import { FeedbackStore } from '../database/FeedbackStore';
import { PlatformStore, ScaffolderRun } from '../database/PlatformStore';
import { pulsePeriodOf } from '../lib/periods';
import { Clock, DAY_MS, epochDay, msToIso } from '../lib/time';
import { ScaffolderCollector } from './ScaffolderCollector';
import { FINISHED_TASK_STATUSES, ScaffolderTasks } from './ScaffolderTasks';

/** Ratings are offered for runs and requests that finished this recently. */
const RATING_WINDOW_MS = 7 * DAY_MS;
const FINAL_REQUEST_STATUSES = ['provisioned', 'failed', 'denied', 'rejected'];

type Caller = { userRef: string; teamRefs: string[] };

/**
 * The pulse survey, the ratings after a template run or database request, and the
 * page views the app reports. The caller is always the signed-in user; nobody
 * answers for someone else.
 */
export class FeedbackService {
  constructor(
    private readonly feedback: FeedbackStore,
    private readonly platform: PlatformStore,
    private readonly tasks: ScaffolderTasks,
    private readonly scaffolderCollector: ScaffolderCollector,
    private readonly userInfo: UserInfoService,
    private readonly config: DevexConfig,
    private readonly clock: Clock,
  ) {}

  private async caller(credentials: BackstageCredentials): Promise<Caller> {
    const info = await this.userInfo.getUserInfo(credentials);
    const userRef = info.userEntityRef.toLocaleLowerCase('en-US');
    return {
      userRef,
      teamRefs: info.ownershipEntityRefs
        .map(ref => ref.toLocaleLowerCase('en-US'))
        .filter(ref => ref.startsWith('group:')),
    };
  }

  private runTitle(run: ScaffolderRun): string {
    return `Your run of ${run.templateTitle ?? run.templateRef.replace(/^template:default\//, '')}`;
  }

  /**
   * A template run the user started, read from the scaffolder on their behalf (so
   * it is theirs) and recorded, or undefined when it is not theirs or not there.
   */
  private async usersRun(taskId: string, credentials: BackstageCredentials) {
    const task = await this.tasks.get(taskId, credentials);
    if (!task) return undefined;
    return this.scaffolderCollector.record(task);
  }

  async pending(
    credentials: BackstageCredentials,
    options: { templateRun?: string; databaseRequest?: string } = {},
  ): Promise<PendingSurveys> {
    const caller = await this.caller(credentials);
    const { userRef } = caller;
    const now = this.clock.now().getTime();
    const result: PendingSurveys = { ratings: [] };

    const period = pulsePeriodOf(now, this.config.pulse.period);
    const answered = await this.feedback.answeredSubjects('pulse', [period.key], userRef);
    if (!answered.has(period.key)) {
      result.pulse = {
        period: period.key,
        periodLabel: period.label,
        question: this.config.pulse.question,
      };
    }

    const since = now - RATING_WINDOW_MS;
    const runs = await this.platform.listScaffolderRunsFinishedFor(userRef, since);
    if (options.templateRun && !runs.some(r => r.taskId === options.templateRun)) {
      const run = await this.usersRun(options.templateRun, credentials);
      if (run && FINISHED_TASK_STATUSES.includes(run.status) && run.status !== 'cancelled') {
        runs.unshift(run);
      }
    }
    const ratedRuns = await this.feedback.answeredSubjects(
      'template-run',
      runs.map(r => r.taskId),
      userRef,
    );
    for (const run of runs) {
      if (ratedRuns.has(run.taskId)) continue;
      result.ratings.push({
        kind: 'template-run',
        subject: run.taskId,
        title: this.runTitle(run),
        outcome: run.status === 'completed' ? 'succeeded' : 'failed',
        finishedAt: msToIso(run.completedAt ?? run.createdAt)!,
      });
    }

    const requests = await this.platform.listDatabaseRequestsFinishedFor(userRef, since);
    // On a request's page: the request, when it is the caller's (or their team's, when
    // the databases plugin does not say who asked) and is done.
    if (options.databaseRequest && !requests.some(r => r.requestId === options.databaseRequest)) {
      const request = await this.platform.getDatabaseRequest(options.databaseRequest);
      if (request && this.isMine(request, caller) && FINAL_REQUEST_STATUSES.includes(request.status)) {
        requests.unshift(request);
      }
    }
    const ratedRequests = await this.feedback.answeredSubjects(
      'database-request',
      requests.map(r => r.requestId),
      userRef,
    );
    for (const request of requests) {
      if (ratedRequests.has(request.requestId)) continue;
      const rating: PendingRating = {
        kind: 'database-request',
        subject: request.requestId,
        title: `Your database request${request.entityRef ? ` for ${request.entityRef.replace(/^resource:default\//, '')}` : ''}`,
        outcome: request.status === 'provisioned' ? 'succeeded' : 'failed',
        finishedAt: msToIso(request.completedAt ?? request.decidedAt ?? request.requestedAt)!,
      };
      result.ratings.push(rating);
    }
    return result;
  }

  async answer(credentials: BackstageCredentials, answer: SurveyAnswer): Promise<void> {
    const caller = await this.caller(credentials);
    const now = this.clock.now().getTime();
    let subject: string;
    if (answer.kind === 'pulse') {
      subject = pulsePeriodOf(now, this.config.pulse.period).key;
    } else if (answer.kind === 'template-run') {
      subject = answer.subject!;
      const known = await this.platform.getScaffolderRun(subject);
      const run =
        known && known.createdBy === caller.userRef && known.completedAt !== undefined
          ? known
          : await this.usersRun(subject, credentials);
      if (!run || run.createdBy !== caller.userRef) {
        throw new NotFoundError(`You have no template run '${subject}' to rate.`);
      }
      if (!['completed', 'failed'].includes(run.status)) {
        throw new InputError(`Template run '${subject}' has not finished yet; rate it when it has.`);
      }
    } else {
      subject = answer.subject!;
      const request = await this.platform.getDatabaseRequest(subject);
      if (!request || !this.isMine(request, caller)) {
        throw new NotFoundError(`You have no database request '${subject}' to rate.`);
      }
      if (!FINAL_REQUEST_STATUSES.includes(request.status)) {
        throw new InputError(`Database request '${subject}' is still ${request.status}; rate it when it is done.`);
      }
    }
    const stored = await this.feedback.recordResponse({
      kind: answer.kind,
      subject,
      userRef: caller.userRef,
      teamRefs: caller.teamRefs,
      score: answer.score,
      comment: answer.comment || undefined,
      dismissed: answer.dismissed === true,
      createdAt: now,
    });
    if (!stored) {
      throw new ConflictError(
        answer.kind === 'pulse'
          ? "You have already answered or dismissed this period's pulse survey."
          : 'You have already rated this.',
      );
    }
  }

  private isMine(request: { requestedBy?: string; teamRef?: string }, caller: Caller): boolean {
    return (
      request.requestedBy === caller.userRef ||
      (!request.requestedBy && !!request.teamRef && caller.teamRefs.includes(request.teamRef))
    );
  }

  async recordActivity(credentials: BackstageCredentials, report: ActivityReport): Promise<void> {
    const { userRef } = await this.caller(credentials);
    if (report.pageViews === 0 && !report.newSession) return;
    await this.feedback.recordActivity({
      day: epochDay(this.clock.now().getTime()),
      userRef,
      pageViews: report.pageViews,
      sessions: report.newSession ? 1 : 0,
    });
  }
}
