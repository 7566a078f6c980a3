// @ts-check

/**
 * Databases on request: the requests and their state machine, the databases, the audit
 * trail, an outbox for notifications and events, encrypted secrets, and health samples.
 * Times are epoch milliseconds (bigint), the same on SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('databases_databases', table => {
    table.string('id', 36).primary();
    table.string('name', 64).notNullable();
    table.string('environment', 32).notNullable();
    // environment/name while the database exists or is wanted; null once it is gone, so
    // the name can be used again. Unique, so two requests cannot take the same name.
    table.string('active_key', 128).nullable().unique();
    table.string('owner_ref', 255).notNullable();
    table.string('component_ref', 255).notNullable();
    table.string('system_ref', 255).nullable();
    table.string('requested_by', 255).notNullable();
    table.string('size', 16).notNullable();
    table.string('region', 32).notNullable();
    table.integer('backup_retention_days').notNullable();
    table.boolean('high_availability').notNullable();
    table.integer('monthly_cost_usd').notNullable();
    table.string('role_name', 63).notNullable();
    table.string('database_name', 63).notNullable();
    table.string('status', 32).notNullable();
    table.string('open_request_id', 36).nullable();
    table.bigInteger('drop_after').nullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.bigInteger('provisioned_at').nullable();
    table.string('health_state', 16).nullable();
    table.bigInteger('health_checked_at').nullable();
    table.boolean('health_reachable').nullable();
    table.bigInteger('health_size_bytes').nullable();
    table.integer('health_connections').nullable();
    table.text('health_message').nullable();
    table.string('health_notified_state', 16).nullable();
    table.index(['owner_ref', 'status']);
    table.index(['component_ref']);
  });

  await knex.schema.createTable('databases_requests', table => {
    table.string('id', 36).primary();
    table.string('kind', 16).notNullable();
    table.string('database_id', 36).notNullable();
    table.string('requested_by', 255).notNullable();
    table.string('component_ref', 255).notNullable();
    table.string('owner_ref', 255).notNullable();
    table.string('name', 64).notNullable();
    table.string('environment', 32).notNullable();
    table.string('size', 16).notNullable();
    table.string('previous_size', 16).nullable();
    table.string('region', 32).notNullable();
    table.integer('backup_retention_days').notNullable();
    table.boolean('high_availability').notNullable();
    table.text('justification').nullable();
    table.integer('monthly_cost_usd').notNullable();
    table.text('verdict').nullable();
    table.string('status', 32).notNullable();
    table.text('status_message').nullable();
    table.string('step', 32).nullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.bigInteger('next_attempt_at').nullable();
    table.string('lease_owner', 64).nullable();
    table.bigInteger('lease_expires_at').nullable();
    table.bigInteger('requested_at').notNullable();
    table.bigInteger('decided_at').nullable();
    table.string('decided_by', 255).nullable();
    table.text('decision_comment').nullable();
    table.bigInteger('completed_at').nullable();
    table.index(['status', 'next_attempt_at']);
    table.index(['database_id']);
    table.index(['requested_by']);
  });

  await knex.schema.createTable('databases_audit', table => {
    table.increments('id');
    table.string('database_id', 36).notNullable();
    table.string('request_id', 36).nullable();
    table.string('actor', 255).notNullable();
    table.string('action', 64).notNullable();
    table.text('message').notNullable();
    table.text('verdict').nullable();
    table.bigInteger('at').notNullable();
    table.index(['database_id', 'at']);
  });

  await knex.schema.createTable('databases_outbox', table => {
    table.increments('id');
    table.string('kind', 32).notNullable();
    table.text('payload').notNullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('delivered_at').nullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.bigInteger('next_attempt_at').notNullable();
    table.index(['delivered_at', 'next_attempt_at']);
  });

  await knex.schema.createTable('databases_secrets', table => {
    table.string('ref', 128).primary();
    table.string('key_id', 64).notNullable();
    table.string('iv', 32).notNullable();
    table.string('auth_tag', 32).notNullable();
    table.text('ciphertext').notNullable();
    table.bigInteger('updated_at').notNullable();
  });

  await knex.schema.createTable('databases_health_samples', table => {
    table.increments('id');
    table.string('database_id', 36).notNullable();
    table.bigInteger('at').notNullable();
    table.boolean('reachable').notNullable();
    table.bigInteger('size_bytes').nullable();
    table.integer('connections').nullable();
    table.index(['database_id', 'at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('databases_health_samples');
  await knex.schema.dropTable('databases_secrets');
  await knex.schema.dropTable('databases_outbox');
  await knex.schema.dropTable('databases_audit');
  await knex.schema.dropTable('databases_requests');
  await knex.schema.dropTable('databases_databases');
};
