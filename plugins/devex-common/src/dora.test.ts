import { doraTier, DORA_THRESHOLDS } from './dora';

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('doraTier', () => {
  it('rates deployment frequency per service per day, boundaries included in the better tier', () => {
    expect(doraTier('deploymentFrequency', 3)).toBe('elite');
    expect(doraTier('deploymentFrequency', 1)).toBe('elite');
    expect(doraTier('deploymentFrequency', 0.99)).toBe('high');
    expect(doraTier('deploymentFrequency', 1 / 7)).toBe('high');
    expect(doraTier('deploymentFrequency', 1 / 8)).toBe('medium');
    expect(doraTier('deploymentFrequency', 1 / 30)).toBe('medium');
    expect(doraTier('deploymentFrequency', 1 / 31)).toBe('low');
    expect(doraTier('deploymentFrequency', 0)).toBe('low');
  });

  it('rates lead time: under a day is elite, a day exactly is high', () => {
    expect(doraTier('leadTime', 2 * HOUR)).toBe('elite');
    expect(doraTier('leadTime', DAY)).toBe('high');
    expect(doraTier('leadTime', 7 * DAY - 1)).toBe('high');
    expect(doraTier('leadTime', 7 * DAY)).toBe('medium');
    expect(doraTier('leadTime', 30 * DAY)).toBe('low');
  });

  it('rates change failure rate with the threshold itself in the better tier', () => {
    expect(doraTier('changeFailureRate', 0)).toBe('elite');
    expect(doraTier('changeFailureRate', 0.05)).toBe('elite');
    expect(doraTier('changeFailureRate', 0.1)).toBe('high');
    expect(doraTier('changeFailureRate', 0.15)).toBe('medium');
    expect(doraTier('changeFailureRate', 0.16)).toBe('low');
  });

  it('rates time to restore', () => {
    expect(doraTier('timeToRestore', 59 * 60)).toBe('elite');
    expect(doraTier('timeToRestore', HOUR)).toBe('high');
    expect(doraTier('timeToRestore', 3 * DAY)).toBe('medium');
    expect(doraTier('timeToRestore', DORA_THRESHOLDS.timeToRestore.medium)).toBe('low');
  });

  it('gives no tier without a value', () => {
    expect(doraTier('leadTime', undefined)).toBeUndefined();
    expect(doraTier('changeFailureRate', NaN)).toBeUndefined();
  });
});
