import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ActivityReport,
  DashboardResponse,
  DashboardWindow,
  PendingSurveys,
  SurveyAnswer,
} from '@internal/plugin-devex-common';
import { DashboardTarget, DevexApi } from './DevexApi';

/** Talks to /api/devex with the signed-in user's token. */
export class DevexClient implements DevexApi {
  constructor(
    private readonly discoveryApi: DiscoveryApi,
    private readonly fetchApi: FetchApi,
  ) {}

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('devex');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  async getDashboard(target: DashboardTarget, window: DashboardWindow): Promise<DashboardResponse> {
    const path =
      target.kind === 'organization'
        ? '/dashboards/organization'
        : `/dashboards/${target.kind}/${encodeURIComponent(target.namespace)}/${encodeURIComponent(target.name)}`;
    return (await this.request(`${path}?window=${window}`)).json();
  }

  async getPendingSurveys(
    options: { templateRun?: string; databaseRequest?: string } = {},
  ): Promise<PendingSurveys> {
    const params = new URLSearchParams();
    if (options.templateRun) params.set('templateRun', options.templateRun);
    if (options.databaseRequest) params.set('databaseRequest', options.databaseRequest);
    const query = params.toString() ? `?${params}` : '';
    return (await this.request(`/surveys/pending${query}`)).json();
  }

  async answerSurvey(answer: SurveyAnswer): Promise<void> {
    await this.request('/surveys/responses', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(answer),
    });
  }

  async reportActivity(report: ActivityReport): Promise<void> {
    await this.request('/activity', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(report),
    });
  }
}
