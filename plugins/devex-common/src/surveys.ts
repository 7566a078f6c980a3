import { z } from 'zod';

/** Scores run from 1 (very dissatisfied) to 5 (very satisfied). */
export const SURVEY_SCORE_MIN = 1;
export const SURVEY_SCORE_MAX = 5;
export const SURVEY_COMMENT_MAX_LENGTH = 2000;

export const SURVEY_KINDS = ['pulse', 'template-run', 'database-request'] as const;

/** The pulse survey, or the one-question rating after a template run or database request. */
export type SurveyKind = (typeof SURVEY_KINDS)[number];

/**
 * An answer or a dismissal. The pulse survey's subject is the current period, which
 * the backend decides; a rating names its template run (task id) or database request.
 */
export const surveyAnswerSchema = z
  .strictObject({
    kind: z.enum(SURVEY_KINDS),
    subject: z.string().min(1).max(200).optional(),
    score: z.int().min(SURVEY_SCORE_MIN).max(SURVEY_SCORE_MAX).optional(),
    comment: z.string().trim().max(SURVEY_COMMENT_MAX_LENGTH).optional(),
    dismissed: z.literal(true).optional(),
  })
  .refine(a => (a.score === undefined) !== (a.dismissed === undefined), {
    message: 'send either a score from 1 to 5 or dismissed: true',
    path: ['score'],
  })
  .refine(a => (a.kind === 'pulse') === (a.subject === undefined), {
    message:
      'a rating names its subject (template run or database request); the pulse survey does not',
    path: ['subject'],
  });

export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

export type PendingRating = {
  kind: Exclude<SurveyKind, 'pulse'>;
  subject: string;
  /** What is being rated, e.g. "Creating a service with Node.js service". */
  title: string;
  outcome: 'succeeded' | 'failed';
  finishedAt: string;
};

export type PendingSurveys = {
  /** Present when the user has neither answered nor dismissed this period's pulse survey. */
  pulse?: { period: string; periodLabel: string; question: string };
  ratings: PendingRating[];
};

/** Page views of the signed-in user since the last report. */
export const activityReportSchema = z.strictObject({
  pageViews: z.int().min(0).max(10_000),
  newSession: z.boolean().default(false),
});

export type ActivityReport = z.infer<typeof activityReportSchema>;
