/** Milliseconds in a UTC day. */
export const DAY_MS = 86_400_000;

/** A source of the current time, so tests and the demo seed can fix it. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** Days since 1970-01-01 (UTC) of an epoch-millisecond instant. */
export function epochDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** YYYY-MM-DD of an epoch day. */
export function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isoToDay(iso: string): number {
  return epochDay(Date.parse(`${iso}T00:00:00Z`));
}

export function msToIso(ms: number | string | null | undefined): string | undefined {
  if (ms === null || ms === undefined) {
    return undefined;
  }
  return new Date(Number(ms)).toISOString();
}
