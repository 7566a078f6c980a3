import { formatDuration, formatFrequency, formatPercent, formatUsd } from './format';

describe('formatting', () => {
  it('reads durations in the unit a person would use', () => {
    expect(formatDuration(undefined)).toBe('–');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(3 * 3600 + 720)).toBe('3.2 h');
    expect(formatDuration(2.5 * 86_400)).toBe('2.5 days');
  });

  it('reads frequencies per day, week or month', () => {
    expect(formatFrequency(3.24)).toBe('3.2 a day');
    expect(formatFrequency(2 / 7)).toBe('2.0 a week');
    expect(formatFrequency(1 / 30)).toBe('1.0 a month');
    expect(formatFrequency(0)).toBe('none');
  });

  it('reads shares and money', () => {
    expect(formatPercent(0.125, 1)).toBe('12.5%');
    expect(formatUsd(12345.6)).toBe('$12,346');
  });
});
