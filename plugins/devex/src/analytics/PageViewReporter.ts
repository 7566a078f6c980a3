import type { AnalyticsEvent, AnalyticsImplementation } from '@backstage/frontend-plugin-api';
import type { ActivityReport } from '@internal/plugin-devex-common';

const SESSION_KEY = 'devex.session-reported';
const FLUSH_AFTER_MS = 10_000;

/**
 * Counts the app's page views (`navigate` analytics events) and reports them to
 * the DevEx backend, which attributes them to the signed-in user from the request's
 * token, never from anything the browser says. Reports are batched; the first view
 * of a browser session is reported at once, with `newSession`.
 */
export class PageViewReporter implements AnalyticsImplementation {
  private pending = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sessionReported: boolean;

  constructor(
    private readonly report: (report: ActivityReport) => Promise<void>,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.sessionStorage,
    private readonly flushAfterMs = FLUSH_AFTER_MS,
  ) {
    this.sessionReported = this.storage?.getItem(SESSION_KEY) === 'yes';
  }

  captureEvent(event: AnalyticsEvent): void {
    if (event.action !== 'navigate') return;
    this.pending++;
    if (!this.sessionReported) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushAfterMs);
    }
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const pageViews = this.pending;
    const newSession = !this.sessionReported;
    if (pageViews === 0 && !newSession) return;
    this.pending = 0;
    // Counted as reported while the request is on its way, so views arriving
    // meanwhile do not start a second session.
    this.sessionReported = true;
    this.report({ pageViews, newSession }).then(
      () => {
        if (newSession) {
          this.storage?.setItem(SESSION_KEY, 'yes');
        }
      },
      () => {
        // Before sign-in there is nobody to count; those views are dropped.
        if (newSession) {
          this.sessionReported = false;
        }
      },
    );
  }
}
