import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ActivityReport,
  DashboardResponse,
  DashboardWindow,
  PendingSurveys,
  SurveyAnswer,
} from '@internal/plugin-devex-common';

/** Whose dashboard: the organization, a team (group) or a component. */
export type DashboardTarget =
  | { kind: 'organization' }
  | { kind: 'team' | 'component'; namespace: string; name: string };

/** The DevEx backend as the app uses it. */
export interface DevexApi {
  getDashboard(target: DashboardTarget, window: DashboardWindow): Promise<DashboardResponse>;
  getPendingSurveys(options?: { templateRun?: string; databaseRequest?: string }): Promise<PendingSurveys>;
  answerSurvey(answer: SurveyAnswer): Promise<void>;
  reportActivity(report: ActivityReport): Promise<void>;
}

export const devexApiRef = createApiRef<DevexApi>({ id: 'plugin.devex.api' });
