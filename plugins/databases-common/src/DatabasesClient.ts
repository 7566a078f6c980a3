import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  Database,
  DatabaseAuditEntry,
  DatabaseCredentials,
  DatabaseOptions,
  DatabaseRequest,
  DatabaseRequestInput,
  DatabaseResizeInput,
  PolicyVerdict,
} from './types';

/** The parts of Backstage's discovery and fetch APIs the client needs. */
export type DatabasesClientOptions = {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
};

/** Per-call options; backend callers pass a token obtained on a user's behalf. */
export type DatabasesRequestOptions = { token?: string };

/**
 * HTTP client of the databases backend, used by the portal's pages, the scaffolder action
 * and the catalog module, so all of them go through the same API, policy and approvals.
 */
export class DatabasesClient {
  private readonly discoveryApi: DatabasesClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: DatabasesClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...a) => fetch(...a) };
  }

  getOptions(options?: DatabasesRequestOptions): Promise<DatabaseOptions> {
    return this.call('GET', '/options', undefined, options);
  }

  async dryRunRequest(
    input: DatabaseRequestInput,
    options?: DatabasesRequestOptions,
  ): Promise<PolicyVerdict> {
    const body = await this.call<{ verdict: PolicyVerdict }>(
      'POST',
      '/requests/dry-run',
      input,
      options,
    );
    return body.verdict;
  }

  submitRequest(
    input: DatabaseRequestInput,
    options?: DatabasesRequestOptions,
  ): Promise<DatabaseRequest> {
    return this.call('POST', '/requests', input, options);
  }

  getRequest(
    id: string,
    options?: DatabasesRequestOptions,
  ): Promise<DatabaseRequest> {
    return this.call('GET', `/requests/${encodeURIComponent(id)}`, undefined, options);
  }

  async listRequests(
    query: { status?: string } = {},
    options?: DatabasesRequestOptions,
  ): Promise<DatabaseRequest[]> {
    const qs = query.status ? `?status=${encodeURIComponent(query.status)}` : '';
    const body = await this.call<{ items: DatabaseRequest[] }>(
      'GET',
      `/requests${qs}`,
      undefined,
      options,
    );
    return body.items;
  }

  approveRequest(
    id: string,
    comment: string,
    options?: DatabasesRequestOptions,
  ): Promise<DatabaseRequest> {
    return this.call(
      'POST',
      `/requests/${encodeURIComponent(id)}/approve`,
      { comment },
      options,
    );
  }

  rejectRequest(
    id: string,
    comment: string,
    options?: DatabasesRequestOptions,
  ): Promise<DatabaseRequest> {
    return this.call(
      'POST',
      `/requests/${encodeURIComponent(id)}/reject`,
      { comment },
      options,
    );
  }

  async listDatabases(
    query: { component?: string; owner?: string } = {},
    options?: DatabasesRequestOptions,
  ): Promise<Database[]> {
    const params = new URLSearchParams();
    if (query.component) params.set('component', query.component);
    if (query.owner) params.set('owner', query.owner);
    const qs = params.toString() ? `?${params}` : '';
    const body = await this.call<{ items: Database[] }>(
      'GET',
      `/databases${qs}`,
      undefined,
      options,
    );
    return body.items;
  }

  getDatabase(id: string, options?: DatabasesRequestOptions): Promise<Database> {
    return this.call('GET', `/databases/${encodeURIComponent(id)}`, undefined, options);
  }

  async getAuditTrail(
    id: string,
    options?: DatabasesRequestOptions,
  ): Promise<DatabaseAuditEntry[]> {
    const body = await this.call<{ items: DatabaseAuditEntry[] }>(
      'GET',
      `/databases/${encodeURIComponent(id)}/audit`,
      undefined,
      options,
    );
    return body.items;
  }

  revealCredentials(
    id: string,
    options?: DatabasesRequestOptions,
  ): Promise<DatabaseCredentials> {
    return this.call(
      'POST',
      `/databases/${encodeURIComponent(id)}/credentials`,
      {},
      options,
    );
  }

  rotateCredentials(id: string, options?: DatabasesRequestOptions): Promise<Database> {
    return this.call('POST', `/databases/${encodeURIComponent(id)}/rotate`, {}, options);
  }

  async dryRunResize(
    id: string,
    input: DatabaseResizeInput,
    options?: DatabasesRequestOptions,
  ): Promise<PolicyVerdict> {
    const body = await this.call<{ verdict: PolicyVerdict }>(
      'POST',
      `/databases/${encodeURIComponent(id)}/resize/dry-run`,
      input,
      options,
    );
    return body.verdict;
  }

  resize(
    id: string,
    input: DatabaseResizeInput,
    options?: DatabasesRequestOptions,
  ): Promise<DatabaseRequest> {
    return this.call('POST', `/databases/${encodeURIComponent(id)}/resize`, input, options);
  }

  decommission(
    id: string,
    confirmName: string,
    options?: DatabasesRequestOptions,
  ): Promise<Database> {
    return this.call(
      'POST',
      `/databases/${encodeURIComponent(id)}/decommission`,
      { confirmName },
      options,
    );
  }

  restore(id: string, options?: DatabasesRequestOptions): Promise<Database> {
    return this.call('POST', `/databases/${encodeURIComponent(id)}/restore`, {}, options);
  }

  /** The catalog Resources of all databases (service callers only: the entity provider). */
  async getCatalogEntities(options?: DatabasesRequestOptions): Promise<Entity[]> {
    const body = await this.call<{ entities: Entity[] }>(
      'GET',
      '/entities',
      undefined,
      options,
    );
    return body.entities;
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    options?: DatabasesRequestOptions,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('databases');
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options?.token) headers.Authorization = `Bearer ${options.token}`;
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
