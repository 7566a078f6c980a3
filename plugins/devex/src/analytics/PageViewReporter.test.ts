import { PageViewReporter } from './PageViewReporter';

const navigate = (subject: string) => ({ action: 'navigate', subject, context: {} as any });

function memoryStorage() {
  const values = new Map<string, string>();
  return { getItem: (k: string) => values.get(k) ?? null, setItem: (k: string, v: string) => void values.set(k, v) };
}

describe('PageViewReporter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reports the first page view of a session at once, then batches the rest', async () => {
    const reports: unknown[] = [];
    const reporter = new PageViewReporter(async r => void reports.push(r), memoryStorage(), 1000);
    reporter.captureEvent(navigate('/'));
    await Promise.resolve();
    expect(reports).toEqual([{ pageViews: 1, newSession: true }]);

    reporter.captureEvent(navigate('/catalog'));
    reporter.captureEvent(navigate('/devex'));
    reporter.captureEvent({ action: 'click', subject: 'button', context: {} as any });
    expect(reports).toHaveLength(1);
    jest.advanceTimersByTime(1000);
    expect(reports).toEqual([
      { pageViews: 1, newSession: true },
      { pageViews: 2, newSession: false },
    ]);
  });

  it('drops views it could not report (before sign-in) and starts the session with the next one', async () => {
    const storage = memoryStorage();
    let signedIn = false;
    const reports: unknown[] = [];
    const reporter = new PageViewReporter(async r => {
      if (!signedIn) throw new Error('401');
      reports.push(r);
    }, storage, 1000);
    reporter.captureEvent(navigate('/'));
    await Promise.resolve();
    signedIn = true;
    reporter.captureEvent(navigate('/catalog'));
    await Promise.resolve();
    await Promise.resolve();
    expect(reports).toEqual([{ pageViews: 1, newSession: true }]);
    expect(storage.getItem('devex.session-reported')).toBe('yes');
  });
});
