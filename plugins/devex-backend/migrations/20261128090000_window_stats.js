// @ts-check

/**
 * The rollups of each dashboard window (7, 30 and 90 days) up to the last complete
 * day, `devex_window_end.end_day`. A window ending today is then the stored window
 * plus the days since `end_day` minus the days that fell out of it: one row per
 * scope, metric and bucket plus a day or two of daily rows, instead of 18 weekly and
 * daily rows per bucket for 90 days. The team breakdown of the organization
 * dashboard reads 50 teams' lead-time histograms this way (77,000 rows → ~10,000).
 *
 * `devex_window_end` always has its one row (end_day NULL until the windows are
 * filled), so ingestion can lock it against a concurrent move of the windows.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('devex_window_stats', table => {
    table.integer('window_days').notNullable();
    table.string('metric', 32).notNullable();
    table.string('scope', 255).notNullable();
    table.integer('bucket').notNullable();
    table.integer('n').notNullable();
    table.double('total').notNullable();
    table.primary(['window_days', 'metric', 'scope', 'bucket'], 'devex_window_stats_pk');
  });
  await knex.schema.createTable('devex_window_end', table => {
    table.integer('id').notNullable().primary();
    table.integer('end_day').nullable();
  });
  await knex('devex_window_end').insert({ id: 1, end_day: null });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTableIfExists('devex_window_end');
  await knex.schema.dropTableIfExists('devex_window_stats');
};
