/** "45 s", "12 min", "3.2 h", "2.5 days". */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

export function formatPercent(share: number | undefined, digits = 0): string {
  if (share === undefined || !Number.isFinite(share)) return '–';
  return `${(share * 100).toFixed(digits)}%`;
}

export function formatUsd(usd: number | undefined): string {
  if (usd === undefined || !Number.isFinite(usd)) return '–';
  return `$${Math.round(usd).toLocaleString('en-US')}`;
}

/** Deployments per day as people say it: "3.2 a day", "2 a week", "1 a month". */
export function formatFrequency(perDay: number | undefined): string {
  if (perDay === undefined || !Number.isFinite(perDay)) return '–';
  if (perDay >= 1) return `${perDay.toFixed(1)} a day`;
  if (perDay * 7 >= 1) return `${(perDay * 7).toFixed(1)} a week`;
  if (perDay > 0) return `${(perDay * 30).toFixed(1)} a month`;
  return 'none';
}

export function formatScore(score: number | undefined): string {
  return score === undefined || !Number.isFinite(score) ? '–' : `${score.toFixed(1)} / 5`;
}
