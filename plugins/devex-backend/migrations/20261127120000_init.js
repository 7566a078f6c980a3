// @ts-check

/**
 * The DevEx plugin's tables. Times are epoch milliseconds (bigint) and days are UTC
 * epoch days (integer), so durations, windows and week buckets are plain integer
 * arithmetic that SQLite and PostgreSQL compute the same way.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // Deployments as senders report them; unique per sender and the sender's event id.
  await knex.schema.createTable('devex_deployments', table => {
    table.bigIncrements('id').primary();
    table.string('sender', 255).notNullable();
    table.string('event_id', 200).notNullable();
    table.string('payload_hash', 64).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('team_ref', 255);
    table.string('environment', 63).notNullable();
    table.boolean('is_production').notNullable();
    table.string('version', 128).notNullable();
    table.string('outcome', 16).notNullable();
    table.bigInteger('started_at');
    table.bigInteger('finished_at').notNullable();
    table.integer('commit_count').notNullable();
    table.integer('incident_count').notNullable().defaultTo(0);
    table.text('url');
    table.bigInteger('received_at').notNullable();
    table.unique(['sender', 'event_id'], { indexName: 'devex_deployments_sender_event_uq' });
    table.index(['entity_ref', 'finished_at'], 'devex_deployments_entity_finished_idx');
    table.index(['entity_ref', 'event_id'], 'devex_deployments_entity_event_idx');
  });

  // Commits a production deployment shipped first; each commit counts once per entity.
  await knex.schema.createTable('devex_deployment_commits', table => {
    table.bigIncrements('id').primary();
    table
      .bigInteger('deployment_id')
      .notNullable()
      .references('id')
      .inTable('devex_deployments')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.string('sha', 64).notNullable();
    table.bigInteger('committed_at').notNullable();
    table.double('lead_time_seconds').notNullable();
    table.integer('lead_time_bucket').notNullable();
    table.unique(['entity_ref', 'sha'], { indexName: 'devex_commits_entity_sha_uq' });
    table.index(['deployment_id'], 'devex_commits_deployment_idx');
  });

  await knex.schema.createTable('devex_incidents', table => {
    table.bigIncrements('id').primary();
    table.string('sender', 255).notNullable();
    table.string('event_id', 200).notNullable();
    table.string('payload_hash', 64).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('team_ref', 255);
    table.string('severity', 8).notNullable();
    table.string('title', 300);
    table.bigInteger('opened_at').notNullable();
    table.bigInteger('resolved_at');
    table.integer('restore_bucket');
    table.bigInteger('caused_by_deployment_id');
    table.text('url');
    table.bigInteger('received_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.unique(['sender', 'event_id'], { indexName: 'devex_incidents_sender_event_uq' });
    table.index(['entity_ref', 'opened_at'], 'devex_incidents_entity_opened_idx');
    table.index(['team_ref', 'resolved_at'], 'devex_incidents_team_resolved_idx');
    table.index(['resolved_at'], 'devex_incidents_resolved_idx');
    table.index(['caused_by_deployment_id'], 'devex_incidents_cause_idx');
  });

  // Daily rollups the dashboards read: counts, and duration histograms whose bucket
  // holds the count and the sum of its values. Scope is 'org', 'team:<group ref>' or
  // 'entity:<entity ref>'.
  await knex.schema.createTable('devex_daily_stats', table => {
    table.string('scope', 255).notNullable();
    table.string('metric', 32).notNullable();
    table.integer('day').notNullable();
    table.integer('bucket').notNullable();
    table.integer('n').notNullable();
    table.double('total').notNullable();
    table.primary(['scope', 'metric', 'day', 'bucket'], 'devex_daily_stats_pk');
    // Which entities deployed in a window, across all of them (organization view).
    table.index(['metric', 'day', 'scope'], 'devex_daily_stats_metric_day_idx');
  });

  // What the catalog says about each component, resource, group and user.
  await knex.schema.createTable('devex_entities', table => {
    table.string('entity_ref', 255).primary();
    table.string('kind', 63).notNullable();
    table.string('type', 63);
    table.string('title', 255);
    table.string('owner_ref', 255);
    table.string('parent_ref', 255);
    table.string('lifecycle', 63);
    table.boolean('has_owner').notNullable().defaultTo(false);
    table.boolean('has_docs').notNullable().defaultTo(false);
    table.boolean('has_ci_annotation').notNullable().defaultTo(false);
    table.string('source_template', 255);
    table.text('depends_on');
    table.double('monthly_cost_usd');
    table.string('cost_class', 63);
    table.string('cost_source', 32);
    table.bigInteger('first_seen_at').notNullable();
    table.bigInteger('last_seen_at').notNullable();
    table.bigInteger('deleted_at');
    table.index(['kind', 'owner_ref'], 'devex_entities_kind_owner_idx');
  });

  // First and latest deployments per entity, kept at ingestion (time to first value, CI).
  await knex.schema.createTable('devex_entity_deployments', table => {
    table.string('entity_ref', 255).primary();
    table.bigInteger('first_production_at');
    table.bigInteger('last_production_at');
    table.bigInteger('last_deployment_at').notNullable();
  });

  await knex.schema.createTable('devex_memberships', table => {
    table.string('user_ref', 255).notNullable();
    table.string('group_ref', 255).notNullable();
    table.primary(['user_ref', 'group_ref'], 'devex_memberships_pk');
    table.index(['group_ref'], 'devex_memberships_group_idx');
  });

  // One row per day and scope ('org' or a team): catalog coverage and cost, for trends.
  await knex.schema.createTable('devex_catalog_daily', table => {
    table.string('scope', 255).notNullable();
    table.integer('day').notNullable();
    table.integer('components').notNullable();
    table.integer('from_template').notNullable();
    table.integer('with_owner').notNullable();
    table.integer('with_docs').notNullable();
    table.integer('with_ci').notNullable();
    table.integer('with_lifecycle').notNullable();
    table.double('monthly_cost_usd').notNullable();
    table.boolean('seeded').notNullable().defaultTo(false);
    table.primary(['scope', 'day'], 'devex_catalog_daily_pk');
  });

  await knex.schema.createTable('devex_scaffolder_runs', table => {
    table.string('task_id', 255).primary();
    table.string('template_ref', 255).notNullable();
    table.string('template_title', 255);
    table.string('status', 16).notNullable();
    table.string('created_by', 255);
    table.bigInteger('created_at').notNullable();
    table.bigInteger('completed_at');
    table.string('entity_ref', 255);
    table.boolean('seeded').notNullable().defaultTo(false);
    table.index(['created_at'], 'devex_scaffolder_runs_created_idx');
    table.index(['created_by', 'completed_at'], 'devex_scaffolder_runs_user_idx');
    table.index(['entity_ref'], 'devex_scaffolder_runs_entity_idx');
  });

  await knex.schema.createTable('devex_database_requests', table => {
    table.string('request_id', 255).primary();
    table.string('entity_ref', 255);
    table.string('component_ref', 255);
    table.string('team_ref', 255);
    table.string('environment', 63);
    table.string('size', 63);
    table.double('monthly_cost_usd');
    table.string('status', 32).notNullable();
    table.string('requested_by', 255);
    table.bigInteger('requested_at').notNullable();
    table.bigInteger('decided_at');
    table.bigInteger('completed_at');
    table.bigInteger('approval_wait_ms');
    table.bigInteger('updated_at').notNullable();
    table.boolean('seeded').notNullable().defaultTo(false);
    table.index(['requested_at'], 'devex_database_requests_requested_idx');
    table.index(['team_ref', 'requested_at'], 'devex_database_requests_team_idx');
    table.index(['component_ref'], 'devex_database_requests_component_idx');
  });

  await knex.schema.createTable('devex_survey_responses', table => {
    table.bigIncrements('id').primary();
    table.string('kind', 32).notNullable();
    table.string('subject', 200).notNullable();
    table.string('user_ref', 255).notNullable();
    table.integer('score');
    table.text('comment');
    table.boolean('dismissed').notNullable().defaultTo(false);
    table.bigInteger('created_at').notNullable();
    table.integer('day').notNullable();
    table.boolean('seeded').notNullable().defaultTo(false);
    table.unique(['kind', 'subject', 'user_ref'], { indexName: 'devex_survey_responses_uq' });
    table.index(['kind', 'day'], 'devex_survey_responses_kind_day_idx');
  });

  await knex.schema.createTable('devex_survey_response_teams', table => {
    table
      .bigInteger('response_id')
      .notNullable()
      .references('id')
      .inTable('devex_survey_responses')
      .onDelete('CASCADE');
    table.string('team_ref', 255).notNullable();
    table.primary(['response_id', 'team_ref'], 'devex_survey_response_teams_pk');
    table.index(['team_ref'], 'devex_survey_response_teams_team_idx');
  });

  // Page views and sessions per signed-in user and day, reported by the app.
  await knex.schema.createTable('devex_activity', table => {
    table.integer('day').notNullable();
    table.string('user_ref', 255).notNullable();
    table.integer('page_views').notNullable();
    table.integer('sessions').notNullable();
    table.boolean('seeded').notNullable().defaultTo(false);
    table.primary(['day', 'user_ref'], 'devex_activity_pk');
    table.index(['user_ref'], 'devex_activity_user_idx');
  });

  await knex.schema.createTable('devex_meta', table => {
    table.string('key', 255).primary();
    table.text('value').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'devex_meta',
    'devex_activity',
    'devex_survey_response_teams',
    'devex_survey_responses',
    'devex_database_requests',
    'devex_scaffolder_runs',
    'devex_catalog_daily',
    'devex_memberships',
    'devex_entity_deployments',
    'devex_entities',
    'devex_daily_stats',
    'devex_incidents',
    'devex_deployment_commits',
    'devex_deployments',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
};
