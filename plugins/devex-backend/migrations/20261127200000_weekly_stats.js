// @ts-check

/**
 * Weekly rollups beside the daily ones (Monday-based weeks: week = (day + 3) / 7 in
 * epoch days), so comparing many teams over 90 days reads 13 rows per team and
 * bucket instead of 90. Filled from the daily rollups.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('devex_weekly_stats', table => {
    table.string('scope', 255).notNullable();
    table.string('metric', 32).notNullable();
    table.integer('week').notNullable();
    table.integer('bucket').notNullable();
    table.integer('n').notNullable();
    table.double('total').notNullable();
    table.primary(['scope', 'metric', 'week', 'bucket'], 'devex_weekly_stats_pk');
    table.index(['metric', 'week', 'scope'], 'devex_weekly_stats_metric_week_idx');
  });
  await knex.raw(
    `INSERT INTO devex_weekly_stats (scope, metric, week, bucket, n, total)
     SELECT scope, metric, (day + 3) / 7, bucket, SUM(n), SUM(total)
     FROM devex_daily_stats
     GROUP BY scope, metric, (day + 3) / 7, bucket`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTableIfExists('devex_weekly_stats');
};
