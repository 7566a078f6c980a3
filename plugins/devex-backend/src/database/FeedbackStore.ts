import type { SurveyKind } from '@internal/plugin-devex-common';

export type NewSurveyResponse = {
  kind: SurveyKind;
  /** The pulse period (e.g. 2026-11) or the rated task or request id. */
  subject: string;
  userRef: string;
  /** The user's teams when answering, for team dashboards. */
  teamRefs: string[];
  score?: number;
  comment?: string;
  dismissed: boolean;
  createdAt: number;
  seeded?: boolean;
};

/** Survey answers and page views. */
export interface FeedbackStore {
  /** Stores an answer or dismissal; false when the user already answered this subject. */
  recordResponse(response: NewSurveyResponse): Promise<boolean>;
  /** Which of the subjects the user has answered or dismissed. */
  answeredSubjects(kind: SurveyKind, subjects: string[], userRef: string): Promise<Set<string>>;
  /** Adds page views and sessions to the user's day. */
  recordActivity(activity: {
    day: number;
    userRef: string;
    pageViews: number;
    sessions: number;
    seeded?: boolean;
  }): Promise<void>;
}
