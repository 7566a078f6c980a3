/*
 * Drives the portal's catalog page in Chromium and times, in the page's own clock, what
 * a person sees and does: the table's first rows, the table settled, a typed filter
 * answered, a kind picked, the next page. Records the requests the page makes.
 *
 * Definitions (README.md, "Browser"):
 *   rows         the first frame at which the table shows an entity row (whatever list:
 *                the page may show another list first, e.g. all components before it
 *                applies "Owned").
 *   settled      the first frame of the navigation's final state: the title names the
 *                list asked for ("Owned ...", "All ...") with its count "(N)", rows are
 *                shown and the title's loading indicator is gone, and that state then
 *                holds for STABLE_MS (so a state the page passes through, such as a new
 *                title over the old count for the 10 ms the list's debounce lasts, does
 *                not count).
 *   interactive  settled + the time a text typed into the table's search box then takes
 *                to produce its rows (a response carrying the text came back, the table
 *                settled again, every row matches). That includes the search box's
 *                250 ms debounce, as a person experiences it. The text is typed once the
 *                settled state has held for STABLE_MS; that wait is not counted.
 * Times start at the navigation (full load: the browser's navigation start; client-side
 * navigation: the click on "Catalog" in the sidebar) or at the input event of an action
 * (click, typed text), and end at the first frame of the settled state asked for.
 */
import type { Page, Request } from '@playwright/test';
import { CatalogPage } from '../../e2e-tests/pages/CatalogPage';

/** How long a state of the table must hold to count as settled. */
const STABLE_MS = 300;

export interface RecordedRequest {
  url: string;
  method: string;
  status: number;
  /** Response body bytes as received (compressed when the server compressed). */
  bytes: number;
  /** Entities in a catalog list response (items), when it is one. */
  items?: number;
  /** When the request started (epoch milliseconds). */
  startedAt: number;
  /** Milliseconds from request start to the end of the response. */
  durationMs: number;
}

/** State of the catalog table, read in the page. */
interface TableState {
  title: string;
  count?: number;
  loading: boolean;
  rows: string[];
}

/**
 * What to wait for, checked in the page on every animation frame: each listed URL
 * fragment answered after `since`, and the table in the state described, held for
 * `stableMs`. Plain data: Playwright serialises it into the page.
 */
interface Expectation {
  id: number;
  since: number;
  responses: string[];
  settled: boolean;
  stableMs: number;
  minRows?: number;
  firstRowNot?: string;
  everyRowIncludes?: string;
  titleStartsWith?: string;
  titleIncludes?: string;
  countNot?: number;
}

const INIT_SCRIPT = () => {
  // The app makes more requests than the default buffer of 250 keeps.
  performance.setResourceTimingBufferSize(100_000);
  const w = window as any;
  w.__benchInputAt = 0;
  for (const type of ['click', 'input', 'keydown']) {
    document.addEventListener(
      type,
      (event: Event) => {
        w.__benchInputAt = event.timeStamp;
      },
      true,
    );
  }
  w.__benchReadTable = (): TableState => {
    // The entity table is the one whose toolbar holds the catalog's search box (the
    // page being left may show tables of its own); material-table nests a layout table.
    const search = document.getElementById('input-with-icon-adornment');
    const root = search?.closest('.MuiPaper-root');
    const table = root?.querySelector('table');
    const title = root?.querySelector('h5')?.textContent ?? '';
    const rows = table
      ? Array.from(table.querySelectorAll('tbody > tr'))
          .filter(
            tr =>
              !tr.querySelector('table') &&
              tr.querySelector('a[href*="/catalog/"]'),
          )
          .map(tr => (tr.querySelector('td') as HTMLElement).innerText)
      : [];
    const count = /\((\d+)\)/.exec(title);
    return {
      title,
      count: count ? Number(count[1]) : undefined,
      loading: !!root?.querySelector('[data-testid="loading-indicator"]'),
      rows,
    };
  };
};

export class CatalogPageProbe {
  readonly requests: RecordedRequest[] = [];
  private readonly pending: Promise<void>[] = [];

  private constructor(private readonly page: Page) {}

  static async attach(page: Page): Promise<CatalogPageProbe> {
    const probe = new CatalogPageProbe(page);
    await page.addInitScript(INIT_SCRIPT);
    page.on('requestfinished', request => {
      probe.pending.push(probe.record(request));
    });
    return probe;
  }

  private async record(request: Request) {
    const response = await request.response();
    if (!response) return;
    const timing = request.timing();
    let items: number | undefined;
    let bytes = 0;
    try {
      // -1 when unknown; 0 when the browser revalidated its cached copy (ETag, 304).
      bytes = Math.max(0, (await request.sizes()).responseBodySize);
      if (request.url().includes('/api/catalog/entities')) {
        const body = await response.json();
        if (Array.isArray(body)) items = body.length;
        else if (Array.isArray(body?.items)) items = body.items.length;
      }
    } catch {
      // The page navigated away before the body was read.
    }
    this.requests.push({
      url: request.url(),
      method: request.method(),
      status: response.status(),
      bytes,
      items,
      startedAt: timing.startTime,
      durationMs: timing.responseEnd,
    });
  }

  /** Requests recorded from `mark` on, once their bodies have been read. */
  async requestsSince(mark: number): Promise<RecordedRequest[]> {
    await Promise.all(this.pending);
    return this.requests.slice(mark);
  }

  mark(): number {
    return this.requests.length;
  }

  async signInAsGuest(): Promise<void> {
    await this.page.goto('/');
    await this.page.getByRole('button', { name: 'Enter' }).click();
    await this.catalogLink().waitFor();
  }

  private catalogLink() {
    return this.page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true });
  }

  async openHome(): Promise<void> {
    await this.page.goto('/');
    await this.catalogLink().waitFor();
    // The home page's own requests end before the catalog is timed.
    await this.page.waitForLoadState('networkidle');
  }

  /**
   * Times the catalog page from a navigation: a click on "Catalog" in the sidebar
   * (client-side) or a full load of `url`. `list` is the list the page should end on
   * ("Owned" by default; "All" when the URL asks for it).
   */
  async timeNavigation(
    kind: 'client' | 'full',
    url: string,
    list: 'Owned' | 'All',
  ): Promise<NavigationTiming> {
    let start = 0;
    if (kind === 'client') {
      await this.catalogLink().click();
      start = await this.inputAt();
    } else {
      await this.page.goto(url, { waitUntil: 'commit' });
    }
    const startedAt = await this.page.evaluate(
      t => performance.timeOrigin + t,
      start,
    );
    const rowsAt = await this.waitUntil({
      since: start,
      settled: false,
      stableMs: 0,
      minRows: 1,
    });
    const settledAt = await this.waitUntil({
      since: start,
      settled: true,
      titleStartsWith: list,
    });
    const before = await this.table();
    const filter = await this.timeTextFilter();
    return {
      rowsMs: rowsAt - start,
      settledMs: settledAt - start,
      interactiveMs: settledAt - start + filter.ms,
      filterMs: filter.ms,
      typedMs: filter.inputAt - start,
      count: before.count,
      title: before.title,
      startedAt,
    };
  }

  /** Chooses a list in the user filter ("Owned", "Starred", "All"). */
  async timeUserList(name: 'All' | 'Owned'): Promise<ActionTiming> {
    const before = await this.table();
    await this.page
      .getByRole('menuitem', { name: new RegExp(`^${name}\\b`) })
      .click();
    return this.timeSince(before, {
      responses: ['/api/catalog/entities/by-query'],
      titleStartsWith: name,
      countNot: before.count,
    });
  }

  async timeKind(kind: string): Promise<ActionTiming> {
    const before = await this.table();
    await new CatalogPage(this.page).filterByKind(kind);
    return this.timeSince(before, {
      responses: ['/api/catalog/entities/by-query'],
      titleIncludes: kind.toLowerCase(),
    });
  }

  async timeTextFilter(term?: string): Promise<ActionTiming> {
    const before = await this.table();
    const text = term ?? filterTermFor(before.rows[0]);
    await this.searchBox().fill(text);
    return this.timeSince(before, {
      responses: [`fullTextFilterTerm=${encodeURIComponent(text)}`],
      everyRowIncludes: text,
    });
  }

  /** Loads a URL and waits until the table has settled on `list`, untimed. */
  async open(url: string, list: 'Owned' | 'All'): Promise<void> {
    await this.page.goto(url, { waitUntil: 'commit' });
    await this.waitUntil({ since: 0, settled: true, titleStartsWith: list });
  }

  async timeNextPage(): Promise<ActionTiming> {
    const before = await this.table();
    await this.page.getByRole('button', { name: 'Next Page' }).click();
    // The next page's cursor carries the filter, so it goes as a POST body.
    return this.timeSince(before, {
      responses: ['/api/catalog/entities/by-query'],
      firstRowNot: before.rows[0],
    });
  }

  /** The table's search box (EntitySearchBar gives its input this id). */
  private searchBox() {
    return this.page.locator('#input-with-icon-adornment');
  }

  async table(): Promise<TableState> {
    return this.page.evaluate(() => (window as any).__benchReadTable());
  }

  private async timeSince(
    before: TableState,
    expectation: Partial<Expectation>,
  ): Promise<ActionTiming> {
    const since = await this.inputAt();
    const doneAt = await this.waitUntil({
      since,
      settled: true,
      ...expectation,
    });
    const after = await this.table();
    return {
      ms: doneAt - since,
      inputAt: since,
      count: after.count,
      countBefore: before.count,
    };
  }

  private inputAt(): Promise<number> {
    return this.page.evaluate(() => (window as any).__benchInputAt as number);
  }

  private waits = 0;

  /**
   * performance.now() of the first animation frame of a state that met the
   * expectation and then held for `stableMs` (the table unchanged).
   */
  private async waitUntil(
    partial: Omit<Expectation, 'id' | 'responses' | 'stableMs'> &
      Partial<Expectation>,
  ): Promise<number> {
    const expectation: Expectation = {
      id: ++this.waits,
      responses: [],
      stableMs: partial.settled ? STABLE_MS : 0,
      ...partial,
    };
    const handle = await this.page
      .waitForFunction(
        e => {
          const now = performance.now();
          const w = window as any;
          const t: TableState = w.__benchReadTable();
          const answered = (fragment: string) =>
            performance
              .getEntriesByType('resource')
              .some(
                r =>
                  r.name.includes(fragment) &&
                  (r as PerformanceResourceTiming).responseEnd > e.since,
              );
          const text = e.everyRowIncludes?.toLowerCase();
          const title = t.title.toLowerCase();
          const met =
            e.responses.every(answered) &&
            t.rows.length >= (e.minRows ?? (e.settled ? 1 : 0)) &&
            (!e.settled || (t.count !== undefined && !t.loading)) &&
            (e.firstRowNot === undefined || t.rows[0] !== e.firstRowNot) &&
            (text === undefined ||
              t.rows.every(r => r.toLowerCase().includes(text))) &&
            (e.titleStartsWith === undefined ||
              title.startsWith(e.titleStartsWith.toLowerCase())) &&
            (e.titleIncludes === undefined ||
              title.includes(e.titleIncludes.toLowerCase())) &&
            (e.countNot === undefined || t.count !== e.countNot);
          // When the table last changed, per wait.
          const seen = (w.__benchSeen ??= {});
          const key = JSON.stringify([met, t]);
          if (seen[e.id]?.key !== key) seen[e.id] = { key, since: now };
          if (!met || now - seen[e.id].since < e.stableMs) return false;
          return seen[e.id].since;
        },
        expectation,
        { timeout: 120_000 },
      )
      .catch(async error => {
        throw new Error(
          `${error.message}\nwaiting for ${JSON.stringify(
            expectation,
          )}\nthe table: ${JSON.stringify(
            await this.table().catch(() => undefined),
          )}\nthe page's last requests:\n${await this.lastResources()}`,
        );
      });
    return (await handle.jsonValue()) as number;
  }

  private lastResources(): Promise<string> {
    return this.page
      .evaluate(() =>
        performance
          .getEntriesByType('resource')
          .slice(-12)
          .map(
            r =>
              `  ${Math.round(r.startTime)}-${Math.round(
                (r as PerformanceResourceTiming).responseEnd,
              )} ${decodeURIComponent(r.name)}`,
          )
          .join('\n'),
      )
      .catch(() => '');
  }
}

export interface NavigationTiming {
  rowsMs: number;
  settledMs: number;
  interactiveMs: number;
  /** From the typed text to its rows (part of interactiveMs). */
  filterMs: number;
  /** When the text was typed (after the settled state held for STABLE_MS). */
  typedMs: number;
  count?: number;
  title: string;
  /** The navigation's start (epoch milliseconds). */
  startedAt: number;
}

export interface ActionTiming {
  ms: number;
  /** The input event, in the page's clock. */
  inputAt: number;
  count?: number;
  countBefore?: number;
}

/**
 * A text to type that matches some entities but not all: the first word of the first
 * row's name (names look like checkout-falcon-component-12).
 */
export function filterTermFor(firstRow: string | undefined): string {
  const word = (firstRow ?? '').split(/[^a-z]+/i).find(w => w.length >= 4);
  return (word ?? 'a').toLowerCase();
}
