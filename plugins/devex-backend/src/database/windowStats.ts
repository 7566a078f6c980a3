import { DASHBOARD_WINDOWS } from '@internal/plugin-devex-common';
import { Knex } from 'knex';
import { incrementSums } from './incrementSums';
import type { Contribution } from './rollups';

/**
 * The dashboard windows kept whole in `devex_window_stats`: for each window length w,
 * the sum of the daily rollups over the days [end − w + 1, end], where `end` is
 * `devex_window_end.end_day` (the last complete day once the windows have moved).
 * Ingestion adds to them what falls inside, in the same transaction as the daily
 * rows; `advanceWindows` moves them forward day by day. Both lock the one row of
 * `devex_window_end` (share / update), so a move never misses a row being written.
 */
export const WINDOW_DAYS: readonly number[] = DASHBOARD_WINDOWS;

const WINDOW_KEY = ['window_days', 'metric', 'scope', 'bucket'];

/** Beyond this many days behind, moving day by day costs more than refilling. */
const LONGEST_MOVE = 14;

/** The day the windows end on, or undefined before they are first filled. */
export async function windowEndDay(
  db: Knex | Knex.Transaction,
  lock?: 'share' | 'update',
): Promise<number | undefined> {
  let query = db('devex_window_end').where({ id: 1 }).first('end_day');
  // SQLite has one writer at a time; PostgreSQL needs the row lock.
  if (db.client.config.client === 'pg') {
    if (lock === 'share') query = query.forShare();
    if (lock === 'update') query = query.forUpdate();
  }
  const row = await query;
  return row?.end_day === null || row?.end_day === undefined ? undefined : Number(row.end_day);
}

/** Adds the days of a set of daily contributions that lie inside the stored windows. */
export async function addToWindows(db: Knex | Knex.Transaction, daily: Contribution[]): Promise<void> {
  if (daily.length === 0) return;
  const end = await windowEndDay(db, 'share');
  if (end === undefined) return;
  const rows: Array<Record<string, number | string>> = [];
  for (const windowDays of WINDOW_DAYS) {
    for (const c of daily) {
      if (c.day > end - windowDays && c.day <= end) {
        rows.push({ window_days: windowDays, metric: c.metric, scope: c.scope, bucket: c.bucket, n: c.n, total: c.total });
      }
    }
  }
  await incrementSums(db, 'devex_window_stats', WINDOW_KEY, rows);
}

/** One window's rows computed from the daily rollups over [end − w + 1, end]. */
async function fillWindow(trx: Knex.Transaction, windowDays: number, end: number) {
  await trx.raw(
    `INSERT INTO devex_window_stats (window_days, metric, scope, bucket, n, total)
     SELECT ?, metric, scope, bucket, SUM(n), SUM(total)
     FROM devex_daily_stats
     WHERE day > ? AND day <= ?
     GROUP BY metric, scope, bucket
     HAVING SUM(n) <> 0`,
    [windowDays, end - windowDays, end],
  );
}

/** Recomputes every window at the day they end on (after the rollups were rebuilt). */
export async function refillWindows(trx: Knex.Transaction, end?: number): Promise<void> {
  const at = end ?? (await windowEndDay(trx, 'update'));
  await trx('devex_window_stats').delete();
  if (at === undefined) return;
  for (const windowDays of WINDOW_DAYS) {
    await fillWindow(trx, windowDays, at);
  }
  await trx('devex_window_end').where({ id: 1 }).update({ end_day: at });
}

/**
 * Moves the windows to end on `toDay` (the last complete day): adds the days since
 * their end and takes away the days that fell out. Fills them the first time, and
 * refills them after a long pause or if the clock went back.
 */
export async function advanceWindows(db: Knex, toDay: number): Promise<'moved' | 'filled' | 'current'> {
  return db.transaction(async trx => {
    const end = await windowEndDay(trx, 'update');
    if (end === toDay) return 'current';
    if (end === undefined || toDay < end || toDay - end > LONGEST_MOVE) {
      await refillWindows(trx, toDay);
      return 'filled';
    }
    for (const windowDays of WINDOW_DAYS) {
      // SQLite reads `ON CONFLICT` after a bare FROM as a join constraint; WHERE avoids that.
      await trx.raw(
        `INSERT INTO devex_window_stats (window_days, metric, scope, bucket, n, total)
         SELECT ?, metric, scope, bucket, SUM(n), SUM(total)
         FROM (
           SELECT metric, scope, bucket, n, total FROM devex_daily_stats WHERE day > ? AND day <= ?
           UNION ALL
           SELECT metric, scope, bucket, -n, -total FROM devex_daily_stats WHERE day > ? AND day <= ?
         ) moved
         WHERE 1 = 1
         GROUP BY metric, scope, bucket
         ON CONFLICT (window_days, metric, scope, bucket)
         DO UPDATE SET n = devex_window_stats.n + excluded.n, total = devex_window_stats.total + excluded.total`,
        [windowDays, end, toDay, end - windowDays, toDay - windowDays],
      );
    }
    // Buckets that emptied as their days fell out.
    await trx('devex_window_stats').where('n', 0).delete();
    await trx('devex_window_end').where({ id: 1 }).update({ end_day: toDay });
    return 'moved';
  });
}
