/*
 * Writes the benchmark's data straight into the DevEx tables: 500 services in 50 teams,
 * 1,000,000 deployments over 365 days (70% to production, with their commits) and
 * 50,000 incidents, plus the catalog facts, template runs, database requests, survey
 * answers and page views the dashboards also read. Then builds the rollups in SQL, as
 * the plugin's rebuild does.
 */
import { Knex } from 'knex';
import { durationBucket } from '../../plugins/devex-backend/src/lib/histogram';
import { rebuildRollups } from '../../plugins/devex-backend/src/database/rollups';
import { SeededRandom } from '../../plugins/devex-backend/src/seed/random';

export const SERVICES = 500;
export const TEAMS = 50;
export const DEPLOYMENTS = Number(process.env.BENCH_DEPLOYMENTS ?? 1_000_000);
export const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 50_000);
const DAYS = 365;
const DAY = 86_400_000;

export const teamRef = (t: number) => `group:default/team-${String(t).padStart(2, '0')}`;
export const serviceRef = (s: number) => `component:default/service-${String(s).padStart(3, '0')}`;
const teamOf = (s: number) => s % TEAMS;

async function insertChunked(db: Knex, table: string, rows: object[], requested: number) {
  // SQLite's multi-row insert is a compound SELECT of at most 500 terms.
  const size = db.client.config.client === 'pg' ? requested : Math.min(requested, 400);
  for (let i = 0; i < rows.length; i += size) {
    await db(table).insert(rows.slice(i, i + size));
  }
}

export async function generateLoad(db: Knex, now: number, log: (m: string) => void) {
  const rng = new SeededRandom('bench');
  const start = now - DAYS * DAY;

  // Catalog facts: teams, services (some from templates), resources, users.
  const entities: object[] = [];
  const memberships: object[] = [];
  const fact = (entity_ref: string, kind: string, extra: object) => ({
    entity_ref, kind, has_owner: true, has_docs: false, has_ci_annotation: false,
    first_seen_at: start, last_seen_at: now, depends_on: '[]', ...extra,
  });
  for (let t = 0; t < TEAMS; t++) {
    entities.push(fact(teamRef(t), 'group', { type: 'team', title: `Team ${t}` }));
  }
  for (let s = 0; s < SERVICES; s++) {
    entities.push(fact(serviceRef(s), 'component', {
      type: 'service', title: `Service ${s}`, owner_ref: teamRef(teamOf(s)), lifecycle: 'production',
      has_docs: s % 3 !== 0, source_template: s % 4 === 0 ? 'template:default/node-service' : null,
      depends_on: JSON.stringify([`resource:default/db-${s % 300}`]),
    }));
  }
  for (let r = 0; r < 300; r++) {
    entities.push(fact(`resource:default/db-${r}`, 'resource', {
      type: 'database', title: `Database ${r}`, owner_ref: teamRef(r % TEAMS),
      monthly_cost_usd: [90, 240, 620][r % 3], cost_class: ['s', 'm', 'l'][r % 3], cost_source: 'size-class',
    }));
  }
  for (let u = 0; u < 1000; u++) {
    const user = `user:default/user-${u}`;
    entities.push(fact(user, 'user', {}));
    memberships.push({ user_ref: user, group_ref: teamRef(u % TEAMS) });
  }
  await insertChunked(db, 'devex_entities', entities, 500);
  await insertChunked(db, 'devex_memberships', memberships, 1000);

  // Deployments and their commits, in batches so memory stays flat.
  let deploymentId = 0;
  let commitId = 0;
  const BATCH = 20_000;
  for (let done = 0; done < DEPLOYMENTS; done += BATCH) {
    const deployments: object[] = [];
    const commits: object[] = [];
    for (let i = done; i < Math.min(done + BATCH, DEPLOYMENTS); i++) {
      const s = i % SERVICES;
      const finishedAt = Math.round(start + rng.next() * DAYS * DAY);
      const production = rng.chance(0.7);
      const roll = rng.next();
      const outcome = roll < 0.05 ? 'failure' : roll < 0.07 ? 'rolled_back' : roll < 0.08 ? 'cancelled' : 'success';
      const commitCount = rng.int(1, 4);
      const id = ++deploymentId;
      deployments.push({
        id, sender: 'bench-ci', event_id: `run-${i}`, payload_hash: 'x', entity_ref: serviceRef(s),
        team_ref: teamRef(teamOf(s)), environment: production ? 'production' : 'staging', is_production: production,
        version: `1.0.${i}`, outcome, started_at: finishedAt - 600_000, finished_at: finishedAt,
        commit_count: commitCount, incident_count: 0, url: null, received_at: finishedAt,
      });
      if (production && outcome === 'success') {
        for (let c = 0; c < commitCount; c++) {
          const lead = rng.logBetween(300, 20 * 86_400);
          commits.push({
            id: ++commitId, deployment_id: id, entity_ref: serviceRef(s), sha: `${i.toString(16)}c${c}`,
            committed_at: Math.round(finishedAt - lead * 1000), lead_time_seconds: lead, lead_time_bucket: durationBucket(lead),
          });
        }
      }
    }
    await db.transaction(async trx => {
      await insertChunked(trx as any, 'devex_deployments', deployments, 1000);
      await insertChunked(trx as any, 'devex_deployment_commits', commits, 2000);
    });
    if ((done / BATCH) % 10 === 0) log(`  ${done + deployments.length} deployments`);
  }

  const incidents: object[] = [];
  for (let i = 0; i < INCIDENTS; i++) {
    const s = rng.int(0, SERVICES - 1);
    const openedAt = Math.round(start + rng.next() * DAYS * DAY);
    const restore = rng.logBetween(300, 5 * 86_400);
    const resolved = rng.chance(0.98) && openedAt + restore * 1000 < now;
    incidents.push({
      sender: 'bench-pager', event_id: `inc-${i}`, payload_hash: 'x', entity_ref: serviceRef(s), team_ref: teamRef(teamOf(s)),
      severity: rng.pick(['sev1', 'sev2', 'sev3', 'sev3', 'sev4']), title: 'Bench incident', opened_at: openedAt,
      resolved_at: resolved ? Math.round(openedAt + restore * 1000) : null,
      restore_bucket: resolved ? durationBucket(restore) : null, caused_by_deployment_id: null, url: null,
      received_at: openedAt, updated_at: openedAt,
    });
  }
  await db.transaction(async trx => insertChunked(trx as any, 'devex_incidents', incidents, 1000));
  // A fifth of the incidents name a deployment of their service as the cause.
  await db.raw(
    `UPDATE devex_deployments SET incident_count = 1 WHERE id IN (
       SELECT MIN(d.id) FROM devex_incidents i JOIN devex_deployments d
         ON d.entity_ref = i.entity_ref AND d.finished_at BETWEEN i.opened_at - 3600000 AND i.opened_at
       WHERE i.id % 5 = 0 GROUP BY i.id)`,
  );
  log(`  ${INCIDENTS} incidents`);

  // What the other panels read: a year of daily coverage and cost, template runs,
  // database requests, survey answers, page views.
  const daily: object[] = [];
  for (let d = 0; d < DAYS; d++) {
    const day = Math.floor((start + d * DAY) / DAY);
    for (const scope of ['org', ...Array.from({ length: TEAMS }, (_, t) => `team:${teamRef(t)}`)]) {
      const n = scope === 'org' ? SERVICES : SERVICES / TEAMS;
      daily.push({ scope, day, components: n, from_template: Math.round(n / 4), with_owner: n, with_docs: Math.round(n * 0.66),
        with_ci: n, with_lifecycle: n, monthly_cost_usd: n * 300, seeded: false });
    }
  }
  await insertChunked(db, 'devex_catalog_daily', daily, 1000);
  const runs: object[] = [];
  for (let i = 0; i < 5000; i++) {
    const createdAt = Math.round(start + rng.next() * DAYS * DAY);
    runs.push({ task_id: `task-${i}`, template_ref: rng.pick(['template:default/node-service', 'template:default/react-website']),
      status: rng.chance(0.9) ? 'completed' : 'failed', created_by: `user:default/user-${i % 1000}`, created_at: createdAt,
      completed_at: createdAt + rng.int(30, 400) * 1000, entity_ref: i < SERVICES ? serviceRef(i) : null, seeded: false });
  }
  await insertChunked(db, 'devex_scaffolder_runs', runs, 500);
  const requests: object[] = [];
  for (let i = 0; i < 2000; i++) {
    const requestedAt = Math.round(start + rng.next() * DAYS * DAY);
    const wait = rng.int(60, 86_400) * 1000;
    requests.push({ request_id: `req-${i}`, entity_ref: `resource:default/new-db-${i}`, component_ref: serviceRef(i % SERVICES),
      team_ref: teamRef(i % TEAMS), environment: 'production', size: 'small', monthly_cost_usd: 90,
      status: rng.pick(['provisioned', 'provisioned', 'provisioned', 'denied', 'failed']), requested_by: `user:default/user-${i % 1000}`,
      requested_at: requestedAt, decided_at: requestedAt + wait, completed_at: requestedAt + wait + 600_000, approval_wait_ms: wait,
      updated_at: requestedAt, seeded: false });
  }
  await insertChunked(db, 'devex_database_requests', requests, 500);
  const responses: object[] = [];
  const responseTeams: object[] = [];
  for (let i = 0; i < 10_000; i++) {
    const createdAt = Math.round(start + rng.next() * DAYS * DAY);
    responses.push({ id: i + 1, kind: 'pulse', subject: new Date(createdAt).toISOString().slice(0, 7), user_ref: `user:default/user-${i % 1000}`,
      score: rng.int(1, 5), comment: rng.chance(0.2) ? 'Bench comment' : null, dismissed: false, created_at: createdAt,
      day: Math.floor(createdAt / DAY), seeded: false });
    responseTeams.push({ response_id: i + 1, team_ref: teamRef((i % 1000) % TEAMS) });
  }
  // Each user answers each month once.
  const unique = new Map(responses.map((r: any) => [`${r.subject} ${r.user_ref}`, r]));
  const kept = new Set([...unique.values()].map((r: any) => r.id));
  await insertChunked(db, 'devex_survey_responses', responses.filter((r: any) => kept.has(r.id)), 500);
  await insertChunked(db, 'devex_survey_response_teams', responseTeams.filter((r: any) => kept.has(r.response_id)), 1000);
  const activity: object[] = [];
  for (let d = 0; d < 120; d++) {
    const day = Math.floor((now - d * DAY) / DAY);
    for (let u = 0; u < 1000; u++) {
      if (rng.chance(0.6)) activity.push({ day, user_ref: `user:default/user-${u}`, page_views: rng.int(1, 40), sessions: 1, seeded: false });
    }
  }
  await insertChunked(db, 'devex_activity', activity, 1000);
  log('  catalog facts, template runs, requests, answers, page views');

  await rebuildRollups(db);
  const rows = await db('devex_daily_stats').count({ n: '*' }).first();
  log(`  rollups rebuilt: ${rows?.n} rows`);
  await db.raw(db.client.config.client === 'pg' ? 'ANALYZE' : 'ANALYZE');
}
