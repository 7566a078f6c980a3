import { pulsePeriodOf, recentPulsePeriods } from './periods';

describe('pulse periods', () => {
  it('names the UTC month or quarter an instant falls in', () => {
    expect(pulsePeriodOf(Date.parse('2026-11-30T23:59:59Z'), 'month')).toEqual({
      key: '2026-11',
      label: 'November 2026',
    });
    // 23:30 on 30 November in New York is already December in UTC.
    expect(pulsePeriodOf(Date.parse('2026-11-30T23:30:00-05:00'), 'month').key).toBe('2026-12');
    expect(pulsePeriodOf(Date.parse('2026-10-01T00:00:00Z'), 'quarter')).toEqual({
      key: '2026-Q4',
      label: 'Q4 2026',
    });
  });

  it('lists recent periods oldest first, across a year boundary', () => {
    expect(recentPulsePeriods(Date.parse('2026-02-10T00:00:00Z'), 'month', 4).map(p => p.key)).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(recentPulsePeriods(Date.parse('2026-02-10T00:00:00Z'), 'quarter', 2).map(p => p.key)).toEqual([
      '2025-Q4',
      '2026-Q1',
    ]);
  });
});
