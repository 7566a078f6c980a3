/*
 * A small client for the catalog API as a signed-in guest, the way the catalog page and
 * the entity page call it. Times each call on the client side.
 */

export class CatalogApiClient {
  private token?: string;
  private tokenAt = 0;

  constructor(readonly baseUrl: string) {}

  /** Waits until the backend answers and the guest can sign in. */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError = '';
    this.token = undefined;
    while (Date.now() < deadline) {
      try {
        const health = await fetch(
          `${this.baseUrl}/.backstage/health/v1/readiness`,
        );
        if (!health.ok) throw new Error(`readiness answered ${health.status}`);
        await this.signIn();
        return;
      } catch (error) {
        lastError = String(error);
      }
      await sleep(500);
    }
    throw new Error(`The benchmark backend did not come up: ${lastError}`);
  }

  private async signIn(): Promise<string> {
    // Backstage tokens last an hour; sign in again well before that.
    if (this.token && Date.now() - this.tokenAt < 30 * 60_000) {
      return this.token;
    }
    const res = await fetch(`${this.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    if (!res.ok) {
      throw new Error(`guest sign-in answered ${res.status}`);
    }
    const body = (await res.json()) as {
      backstageIdentity: { token: string };
    };
    this.token = body.backstageIdentity.token;
    this.tokenAt = Date.now();
    return this.token;
  }

  async get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const token = await this.signIn();
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/api/catalog${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      throw new Error(`${method} ${path} failed: ${String(cause ?? error)}`);
    }
    if (!res.ok) {
      const text = await res.text();
      throw new Error(
        `${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`,
      );
    }
    return (await res.json()) as T;
  }

  /** Runs `fn` and returns its result with the elapsed milliseconds. */
  static async timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
    const start = process.hrtime.bigint();
    const value = await fn();
    return [value, Number(process.hrtime.bigint() - start) / 1e6];
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** Builds a by-query URL the way @backstage/catalog-client does. */
export function byQuery(params: {
  filters?: Record<string, string | string[]>[];
  limit?: number;
  orderField?: string;
  fullTextFilterTerm?: string;
  fullTextFilterFields?: string[];
  fields?: string[];
  totalItems?: 'include' | 'exclude';
  cursor?: string;
}): string {
  const search = new URLSearchParams();
  if (params.cursor) {
    search.set('cursor', params.cursor);
  }
  for (const filter of params.filters ?? []) {
    const parts: string[] = [];
    for (const [key, value] of Object.entries(filter)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        parts.push(`${key}=${v}`);
      }
    }
    search.append('filter', parts.join(','));
  }
  if (params.limit !== undefined) search.set('limit', String(params.limit));
  if (params.orderField) search.set('orderField', params.orderField);
  if (params.fullTextFilterTerm) {
    search.set('fullTextFilterTerm', params.fullTextFilterTerm);
  }
  if (params.fullTextFilterFields) {
    search.set('fullTextFilterFields', params.fullTextFilterFields.join(','));
  }
  if (params.fields) search.set('fields', params.fields.join(','));
  if (params.totalItems) search.set('totalItems', params.totalItems);
  return `/entities/by-query?${search}`;
}
