import { PulsePeriod } from '../config';

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

export type PulsePeriodInfo = { key: string; label: string };

/** The pulse period an instant falls in (UTC): `2026-11` / "November 2026", or `2026-Q4` / "Q4 2026". */
export function pulsePeriodOf(ms: number, period: PulsePeriod): PulsePeriodInfo {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  if (period === 'quarter') {
    const quarter = Math.floor(month / 3) + 1;
    return { key: `${year}-Q${quarter}`, label: `Q${quarter} ${year}` };
  }
  return {
    key: `${year}-${String(month + 1).padStart(2, '0')}`,
    label: `${MONTHS[month]} ${year}`,
  };
}

/** The last `count` periods up to the one `ms` falls in, oldest first. */
export function recentPulsePeriods(ms: number, period: PulsePeriod, count: number): PulsePeriodInfo[] {
  const date = new Date(ms);
  const step = period === 'quarter' ? 3 : 1;
  const result: PulsePeriodInfo[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const at = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - i * step, 1);
    result.push(pulsePeriodOf(at, period));
  }
  return result;
}
