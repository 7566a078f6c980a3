// @ts-check

/**
 * A per-day, organization-wide summary of portal activity: how many people were
 * active that day and their sessions and page views. The organization dashboard's
 * activity trend and totals read at most 90 rows from it instead of every person's
 * day (60,000 rows for 90 days of 1,000 people). Kept by the same write as
 * `devex_activity`, and filled from it here.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('devex_activity_daily', table => {
    table.integer('day').notNullable().primary();
    table.integer('users').notNullable();
    table.bigInteger('sessions').notNullable();
    table.bigInteger('page_views').notNullable();
  });
  await knex.raw(
    `INSERT INTO devex_activity_daily (day, users, sessions, page_views)
     SELECT day, COUNT(*), SUM(sessions), SUM(page_views)
     FROM devex_activity
     GROUP BY day`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTableIfExists('devex_activity_daily');
};
