import { Knex } from 'knex';
import {
  CatalogDailyRow,
  DatabaseRequest,
  EntityFacts,
  PlatformStore,
  ScaffolderRun,
  StoredEntity,
} from './PlatformStore';
import { ORG_SCOPE, teamScope } from './rollups';

const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
/** Epoch milliseconds as the bigint columns take them. */
const ms = (v: number | undefined) => (v === undefined ? null : Math.round(v));
const str = (v: unknown) => (v === null || v === undefined ? undefined : String(v));

function toEntity(row: any): StoredEntity {
  return {
    entityRef: row.entity_ref,
    kind: row.kind,
    type: str(row.type),
    title: str(row.title),
    ownerRef: str(row.owner_ref),
    parentRef: str(row.parent_ref),
    lifecycle: str(row.lifecycle),
    hasOwner: Boolean(row.has_owner),
    hasDocs: Boolean(row.has_docs),
    hasCiAnnotation: Boolean(row.has_ci_annotation),
    sourceTemplate: str(row.source_template),
    dependsOn: row.depends_on ? JSON.parse(row.depends_on) : [],
    monthlyCostUsd: num(row.monthly_cost_usd),
    costClass: str(row.cost_class),
    costSource: str(row.cost_source),
    firstSeenAt: Number(row.first_seen_at),
    lastSeenAt: Number(row.last_seen_at),
    deletedAt: num(row.deleted_at),
  };
}

function toRun(row: any): ScaffolderRun {
  return {
    taskId: row.task_id,
    templateRef: row.template_ref,
    templateTitle: str(row.template_title),
    status: row.status,
    createdBy: str(row.created_by),
    createdAt: Number(row.created_at),
    completedAt: num(row.completed_at),
    entityRef: str(row.entity_ref),
    seeded: Boolean(row.seeded),
  };
}

function toRequest(row: any): DatabaseRequest {
  return {
    requestId: row.request_id,
    entityRef: str(row.entity_ref),
    componentRef: str(row.component_ref),
    teamRef: str(row.team_ref),
    environment: str(row.environment),
    size: str(row.size),
    monthlyCostUsd: num(row.monthly_cost_usd),
    status: row.status,
    requestedBy: str(row.requested_by),
    requestedAt: Number(row.requested_at),
    decidedAt: num(row.decided_at),
    completedAt: num(row.completed_at),
    approvalWaitMs: num(row.approval_wait_ms),
    seeded: Boolean(row.seeded),
  };
}

export class DatabasePlatformStore implements PlatformStore {
  private constructor(private readonly db: Knex) {}

  static create(db: Knex): DatabasePlatformStore {
    return new DatabasePlatformStore(db);
  }

  async syncEntities(
    entities: EntityFacts[],
    memberships: Array<{ userRef: string; groupRef: string }>,
    now: number,
  ) {
    await this.db.transaction(async trx => {
      const rows = entities.map(e => ({
        entity_ref: e.entityRef,
        kind: e.kind,
        type: e.type ?? null,
        title: e.title ?? null,
        owner_ref: e.ownerRef ?? null,
        parent_ref: e.parentRef ?? null,
        lifecycle: e.lifecycle ?? null,
        has_owner: e.hasOwner,
        has_docs: e.hasDocs,
        has_ci_annotation: e.hasCiAnnotation,
        source_template: e.sourceTemplate ?? null,
        depends_on: JSON.stringify(e.dependsOn ?? []),
        monthly_cost_usd: e.monthlyCostUsd ?? null,
        cost_class: e.costClass ?? null,
        cost_source: e.costSource ?? null,
        first_seen_at: now,
        last_seen_at: now,
        deleted_at: null,
      }));
      for (let i = 0; i < rows.length; i += 200) {
        await trx('devex_entities')
          .insert(rows.slice(i, i + 200))
          .onConflict('entity_ref')
          // first_seen_at stays what it was: when the portal first saw the entity.
          .merge([
            'kind',
            'type',
            'title',
            'owner_ref',
            'parent_ref',
            'lifecycle',
            'has_owner',
            'has_docs',
            'has_ci_annotation',
            'source_template',
            'depends_on',
            'monthly_cost_usd',
            'cost_class',
            'cost_source',
            'last_seen_at',
            'deleted_at',
          ]);
      }
      await trx('devex_entities')
        .where('last_seen_at', '<', now)
        .whereNull('deleted_at')
        .update({ deleted_at: now });

      await trx('devex_memberships').delete();
      const unique = new Map(
        memberships.map(m => [`${m.userRef} ${m.groupRef}`, m]),
      );
      const membershipRows = [...unique.values()].map(m => ({
        user_ref: m.userRef,
        group_ref: m.groupRef,
      }));
      for (let i = 0; i < membershipRows.length; i += 400) {
        await trx('devex_memberships').insert(membershipRows.slice(i, i + 400));
      }
    });
  }

  async getEntity(entityRef: string) {
    const row = await this.db('devex_entities').where({ entity_ref: entityRef }).first();
    return row ? toEntity(row) : undefined;
  }

  async listEntities(filter: { kind?: string; ownerRefs?: string[] }) {
    const query = this.db('devex_entities').whereNull('deleted_at');
    if (filter.kind) {
      query.where('kind', filter.kind);
    }
    if (filter.ownerRefs) {
      query.whereIn('owner_ref', filter.ownerRefs);
    }
    return (await query.orderBy('entity_ref')).map(toEntity);
  }

  async descendantGroups(groupRef: string) {
    const groups: Array<{ entity_ref: string; parent_ref: string | null }> =
      await this.db('devex_entities')
        .where({ kind: 'group' })
        .whereNull('deleted_at')
        .select('entity_ref', 'parent_ref');
    const children = new Map<string, string[]>();
    for (const g of groups) {
      if (g.parent_ref) {
        children.set(g.parent_ref, [...(children.get(g.parent_ref) ?? []), g.entity_ref]);
      }
    }
    const result = [groupRef];
    for (let i = 0; i < result.length; i++) {
      for (const child of children.get(result[i]) ?? []) {
        if (!result.includes(child)) {
          result.push(child);
        }
      }
    }
    return result;
  }

  async snapshotCatalogDaily(day: number, recentDeploymentSince: number) {
    const coverage: any[] = await this.db('devex_entities as e')
      .leftJoin('devex_entity_deployments as d', 'd.entity_ref', 'e.entity_ref')
      .where('e.kind', 'component')
      .whereNull('e.deleted_at')
      .groupBy('e.owner_ref')
      .select(
        'e.owner_ref as owner',
        this.db.raw('COUNT(*) AS components'),
        this.db.raw(
          `SUM(CASE WHEN e.source_template IS NOT NULL OR EXISTS (
             SELECT 1 FROM devex_scaffolder_runs r
             WHERE r.entity_ref = e.entity_ref AND r.status = 'completed'
           ) THEN 1 ELSE 0 END) AS from_template`,
        ),
        this.db.raw('SUM(CASE WHEN e.has_owner = ? THEN 1 ELSE 0 END) AS with_owner', [true]),
        this.db.raw('SUM(CASE WHEN e.has_docs = ? THEN 1 ELSE 0 END) AS with_docs', [true]),
        this.db.raw(
          'SUM(CASE WHEN e.has_ci_annotation = ? OR d.last_deployment_at >= ? THEN 1 ELSE 0 END) AS with_ci',
          [true, recentDeploymentSince],
        ),
        this.db.raw('SUM(CASE WHEN e.lifecycle IS NOT NULL THEN 1 ELSE 0 END) AS with_lifecycle'),
      );
    const costs: any[] = await this.db('devex_entities')
      .where('kind', 'resource')
      .whereNull('deleted_at')
      .groupBy('owner_ref')
      .select('owner_ref as owner', this.db.raw('SUM(COALESCE(monthly_cost_usd, 0)) AS cost'));
    const requested: any[] = await this.db('devex_database_requests as q')
      .where('q.status', 'provisioned')
      .whereNotExists(
        this.db('devex_entities as e')
          .whereRaw('e.entity_ref = q.entity_ref')
          .whereNull('e.deleted_at')
          .select(this.db.raw('1')),
      )
      .groupBy('q.team_ref')
      .select('q.team_ref as owner', this.db.raw('SUM(COALESCE(q.monthly_cost_usd, 0)) AS cost'));

    const byScope = new Map<string, CatalogDailyRow>();
    const rowFor = (scope: string) => {
      let row = byScope.get(scope);
      if (!row) {
        row = {
          scope,
          day,
          components: 0,
          fromTemplate: 0,
          withOwner: 0,
          withDocs: 0,
          withCi: 0,
          withLifecycle: 0,
          monthlyCostUsd: 0,
        };
        byScope.set(scope, row);
      }
      return row;
    };
    for (const c of coverage) {
      for (const scope of [ORG_SCOPE, ...(c.owner ? [teamScope(c.owner)] : [])]) {
        const row = rowFor(scope);
        row.components += Number(c.components);
        row.fromTemplate += Number(c.from_template);
        row.withOwner += Number(c.with_owner);
        row.withDocs += Number(c.with_docs);
        row.withCi += Number(c.with_ci);
        row.withLifecycle += Number(c.with_lifecycle);
      }
    }
    for (const c of [...costs, ...requested]) {
      for (const scope of [ORG_SCOPE, ...(c.owner ? [teamScope(c.owner)] : [])]) {
        rowFor(scope).monthlyCostUsd += Number(c.cost);
      }
    }
    await this.upsertCatalogDaily([...byScope.values()]);
  }

  async upsertCatalogDaily(rows: CatalogDailyRow[]) {
    await this.writeCatalogDaily(rows, true);
  }

  async insertCatalogDailyIfMissing(rows: CatalogDailyRow[]) {
    await this.writeCatalogDaily(rows, false);
  }

  async listMemberships() {
    const rows = await this.db('devex_memberships').select('user_ref', 'group_ref');
    return rows.map(r => ({ userRef: r.user_ref, groupRef: r.group_ref }));
  }

  private async writeCatalogDaily(rows: CatalogDailyRow[], replace: boolean) {
    const dbRows = rows.map(r => ({
      scope: r.scope,
      day: r.day,
      components: r.components,
      from_template: r.fromTemplate,
      with_owner: r.withOwner,
      with_docs: r.withDocs,
      with_ci: r.withCi,
      with_lifecycle: r.withLifecycle,
      monthly_cost_usd: r.monthlyCostUsd,
      seeded: r.seeded ?? false,
    }));
    for (let i = 0; i < dbRows.length; i += 200) {
      const insert = this.db('devex_catalog_daily')
        .insert(dbRows.slice(i, i + 200))
        .onConflict(['scope', 'day']);
      await (replace ? insert.merge() : insert.ignore());
    }
  }

  async upsertScaffolderRun(run: ScaffolderRun) {
    await this.db('devex_scaffolder_runs')
      .insert({
        task_id: run.taskId,
        template_ref: run.templateRef,
        template_title: run.templateTitle ?? null,
        status: run.status,
        created_by: run.createdBy ?? null,
        created_at: ms(run.createdAt),
        completed_at: ms(run.completedAt),
        entity_ref: run.entityRef ?? null,
        seeded: run.seeded ?? false,
      })
      .onConflict('task_id')
      .merge();
  }

  async getScaffolderRun(taskId: string) {
    const row = await this.db('devex_scaffolder_runs').where({ task_id: taskId }).first();
    return row ? toRun(row) : undefined;
  }

  async scaffolderRunCreating(entityRef: string) {
    const row = await this.db('devex_scaffolder_runs')
      .where({ entity_ref: entityRef, status: 'completed' })
      .orderBy('completed_at')
      .first();
    return row ? toRun(row) : undefined;
  }

  async listUnfinishedScaffolderRuns() {
    const rows = await this.db('devex_scaffolder_runs')
      .whereIn('status', ['open', 'processing'])
      .select('task_id');
    return rows.map(r => r.task_id);
  }

  async latestScaffolderRunCreatedAt() {
    const row = await this.db('devex_scaffolder_runs')
      .where({ seeded: false })
      .max({ latest: 'created_at' })
      .first();
    return num(row?.latest);
  }

  async upsertDatabaseRequest(r: DatabaseRequest) {
    await this.db('devex_database_requests')
      .insert({
        request_id: r.requestId,
        entity_ref: r.entityRef ?? null,
        component_ref: r.componentRef ?? null,
        team_ref: r.teamRef ?? null,
        environment: r.environment ?? null,
        size: r.size ?? null,
        monthly_cost_usd: r.monthlyCostUsd ?? null,
        status: r.status,
        requested_by: r.requestedBy ?? null,
        requested_at: ms(r.requestedAt),
        decided_at: ms(r.decidedAt),
        completed_at: ms(r.completedAt),
        approval_wait_ms: ms(r.approvalWaitMs),
        updated_at: Date.now(),
        seeded: r.seeded ?? false,
      })
      .onConflict('request_id')
      .merge();
  }

  async getDatabaseRequest(requestId: string) {
    const row = await this.db('devex_database_requests').where({ request_id: requestId }).first();
    return row ? toRequest(row) : undefined;
  }

  async listDatabaseRequestsFinishedFor(userRef: string, since: number) {
    const rows = await this.db('devex_database_requests')
      .where({ requested_by: userRef })
      .whereIn('status', ['provisioned', 'failed', 'denied', 'rejected'])
      .where(q =>
        q.where('completed_at', '>=', since).orWhere('decided_at', '>=', since),
      )
      .orderBy('requested_at', 'desc')
      .limit(5);
    return rows.map(toRequest);
  }

  async listScaffolderRunsFinishedFor(userRef: string, since: number) {
    const rows = await this.db('devex_scaffolder_runs')
      .where({ created_by: userRef })
      .whereIn('status', ['completed', 'failed'])
      .where('completed_at', '>=', since)
      .orderBy('completed_at', 'desc')
      .limit(5);
    return rows.map(toRun);
  }

  async getMeta(key: string) {
    const row = await this.db('devex_meta').where({ key }).first();
    return row?.value;
  }

  async setMeta(key: string, value: string) {
    await this.db('devex_meta').insert({ key, value }).onConflict('key').merge();
  }
}
