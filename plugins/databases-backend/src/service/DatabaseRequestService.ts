import crypto from 'node:crypto';
import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  Database,
  DatabaseAuditEntry,
  DatabaseCredentials,
  databaseCredentialsReadPermission,
  databaseDecisionInputSchema,
  databaseDecommissionInputSchema,
  databaseDecommissionPermission,
  DatabaseEnvironment,
  DatabaseOptions,
  DatabaseRequest,
  databaseRequestCreatePermission,
  databaseRequestDecidePermission,
  databaseRequestInputSchema,
  databaseResizeInputSchema,
  databaseResizePermission,
  databaseRotatePermission,
  monthlyCostUsd,
  PolicyVerdict,
} from '@internal/plugin-databases-common';
import { z } from 'zod';
import { DatabasesSettings } from '../config/DatabasesSettings';
import {
  DatabaseRecord,
  DatabasesStore,
  RequestKind,
  RequestRecord,
} from '../database/DatabasesStore';
import { DatabasePolicy, PolicyInput } from '../policy/DatabasePolicy';
import { DatabaseTargets } from '../provisioning/DatabaseTargets';
import { DatabaseSecretStore } from '../secrets/DatabaseSecretStore';
import {
  Announcer,
  databaseEntityRef,
  describeDatabase,
  requestLink,
} from './announcements';
import { OutboxDispatcher } from './OutboxDispatcher';
import { toResourceEntity } from './toResourceEntity';
import { baseRequest, ProvisioningWorker, secretRef } from './ProvisioningWorker';

/** Who is calling, as the router resolved it. */
export type Caller = {
  credentials: BackstageCredentials;
  userEntityRef: string;
  ownershipEntityRefs: string[];
};

const ENV_SUFFIX: Record<DatabaseEnvironment, string> = {
  development: 'dev',
  staging: 'stg',
  production: 'prd',
};

/** Physical names on the server: `<name>_<env>` and its role `<name>_<env>_owner`. */
export function physicalNames(name: string, environment: DatabaseEnvironment) {
  const databaseName = `${name}_${ENV_SUFFIX[environment]}`;
  return { databaseName, roleName: `${databaseName}_owner` };
}

function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(issue =>
          issue.code === 'unrecognized_keys'
            ? `Unknown field ${issue.keys.join(', ')}.`
            : issue.message,
        )
        .join(' '),
    );
  }
  return result.data;
}

function iso(time?: number) {
  return time === undefined ? undefined : new Date(time).toISOString();
}

function lower(ref: string) {
  return ref.toLocaleLowerCase('en-US');
}

/**
 * The databases plugin's logic: requests checked by policy, approvals, day-2 operations,
 * credentials. No HTTP here: the router, the scaffolder action (through the router) and the
 * MCP actions all call this, so every path gets the same checks.
 */
export class DatabaseRequestService {
  constructor(
    private readonly options: {
      store: DatabasesStore;
      policy: DatabasePolicy;
      targets: DatabaseTargets;
      secrets: DatabaseSecretStore;
      settings: DatabasesSettings;
      catalog: CatalogService;
      permissions: PermissionsService;
      worker: ProvisioningWorker;
      dispatcher: OutboxDispatcher;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  getOptions(): DatabaseOptions {
    const { settings, targets } = this.options;
    return {
      sizes: Object.values(settings.sizeClasses),
      regions: settings.regions,
      environments: (['development', 'staging', 'production'] as const).map(
        environment => ({ environment, available: targets.isAvailable(environment) }),
      ),
      highAvailabilityCostFactor: settings.highAvailabilityCostFactor,
      defaultBackupRetentionDays: settings.defaultBackupRetentionDays,
      decommissionGraceDays:
        Math.round((settings.gracePeriodMs / 86_400_000) * 10) / 10,
    };
  }

  // ---------------------------------------------------------------- requests

  async dryRun(caller: Caller, body: unknown): Promise<PolicyVerdict> {
    const input = parseInput(databaseRequestInputSchema, body);
    await this.authorize(caller, databaseRequestCreatePermission);
    const prepared = await this.prepareCreate(caller, input);
    const usage = await this.options.store.teamUsage(prepared.ownerRef);
    const nameTaken = await this.options.store.isNameTaken(prepared.activeKey);
    const verdict = this.evaluate(prepared, usage, nameTaken);
    return this.withPortalChecks(verdict, prepared.environment);
  }

  async submit(caller: Caller, body: unknown): Promise<DatabaseRequest> {
    const input = parseInput(databaseRequestInputSchema, body);
    await this.authorize(caller, databaseRequestCreatePermission);
    const prepared = await this.prepareCreate(caller, input);
    if (this.options.secrets.problem) {
      throw new ConflictError(
        `Database requests are switched off until the platform team fixes the portal's configuration: ${this.options.secrets.problem}`,
      );
    }
    if (!this.options.targets.isAvailable(prepared.environment)) {
      throw new ConflictError(
        `No database server is configured for the ${prepared.environment} environment; ask the platform team to configure databases.targets.${prepared.environment}.`,
      );
    }
    const { store } = this.options;
    const now = this.now();
    const requestId = crypto.randomUUID();
    const databaseId = crypto.randomUUID();

    let request: RequestRecord;
    try {
      request = await store.transaction(async tx => {
        // Serializes a team's requests, so two at once cannot both fit the last of a budget.
        await tx.lockTeam(prepared.ownerRef);
        const usage = await tx.teamUsage(prepared.ownerRef);
        const nameTaken = await tx.isNameTaken(prepared.activeKey);
        const verdict = this.evaluate(prepared, usage, nameTaken);
        const status =
          verdict.decision === 'deny'
            ? 'denied'
            : verdict.decision === 'needs-approval'
            ? 'awaiting-approval'
            : 'queued';
        const record: RequestRecord = {
          id: requestId,
          kind: 'create',
          databaseId,
          requestedBy: caller.userEntityRef,
          componentRef: prepared.componentRef,
          ownerRef: prepared.ownerRef,
          name: prepared.name,
          environment: prepared.environment,
          size: prepared.size,
          region: prepared.region,
          backupRetentionDays: prepared.backupRetentionDays,
          highAvailability: prepared.highAvailability,
          justification: prepared.justification || undefined,
          monthlyCostUsd: prepared.monthlyCostUsd,
          verdict,
          status,
          attempts: 0,
          requestedAt: now,
          ...(status === 'denied' ? { completedAt: now, decidedAt: now, decidedBy: 'policy' } : {}),
        };
        await tx.insertRequest(record);
        const announce = new Announcer(tx, now);
        const name = describeDatabase(record);
        const { databaseName, roleName } = physicalNames(record.name, record.environment);
        const database: DatabaseRecord = {
          id: databaseId,
          name: record.name,
          environment: record.environment,
          activeKey: status === 'denied' ? undefined : prepared.activeKey,
          ownerRef: record.ownerRef,
          componentRef: record.componentRef,
          systemRef: prepared.systemRef,
          requestedBy: record.requestedBy,
          size: record.size,
          region: record.region,
          backupRetentionDays: record.backupRetentionDays,
          highAvailability: record.highAvailability,
          monthlyCostUsd: record.monthlyCostUsd,
          roleName,
          databaseName,
          status:
            status === 'denied'
              ? 'rejected'
              : status === 'awaiting-approval'
              ? 'requested'
              : 'provisioning',
          openRequestId: status === 'denied' ? undefined : requestId,
          createdAt: now,
          updatedAt: now,
        };
        await tx.insertDatabase(database);
        await tx.insertAudit({
          databaseId,
          requestId,
          actor: caller.userEntityRef,
          action: 'requested',
          message:
            status === 'denied'
              ? `Requested ${name}; the policy denied it: ${verdict.reasons
                  .map(r => r.message)
                  .join(' ')}`
              : status === 'awaiting-approval'
              ? `Requested ${name}; it waits for a platform-team approval: ${verdict.approvalReasons
                  .map(r => r.message)
                  .join(' ')}`
              : `Requested ${name}; the policy allowed it.`,
          verdict,
          at: now,
        });
        if (status === 'denied') {
          await announce.requestEvent(record, 'denied');
        } else if (status === 'awaiting-approval') {
          await announce.requestEvent(record, 'awaiting-approval');
          await announce.notify({
            recipients: {
              type: 'entity',
              entityRef: this.options.settings.approverGroups,
              excludeEntityRef: caller.userEntityRef,
            },
            payload: {
              title: `Approve a database for ${record.ownerRef}?`,
              description: `${caller.userEntityRef} requests ${name}, ${record.size}, $${record.monthlyCostUsd} a month. ${verdict.approvalReasons
                .map(r => r.message)
                .join(' ')}`,
              link: requestLink(record),
              severity: 'high',
              topic: 'databases-approvals',
            },
          });
          await announce.notify({
            recipients: { type: 'entity', entityRef: caller.userEntityRef },
            payload: {
              title: `Your request for ${name} waits for approval`,
              description: 'A member of the platform team will approve or reject it.',
              link: requestLink(record),
              topic: 'databases',
            },
          });
        }
        return record;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `A ${prepared.environment} database named ${prepared.name} already exists; choose another name.`,
        );
      }
      throw error;
    }
    if (request.status === 'queued') this.options.worker.kick(request.id);
    this.options.dispatcher.kick();
    return this.requestView(caller, request);
  }

  async getRequest(caller: Caller, id: string): Promise<DatabaseRequest> {
    const request = await this.options.store.getRequest(id);
    if (!request || !isPersonRequest(request.kind)) {
      throw new NotFoundError(`There is no database request ${id}.`);
    }
    return this.requestView(caller, request);
  }

  async listRequests(caller: Caller, query: { status?: string; mine?: boolean }) {
    const requests = await this.options.store.listRequests({
      kinds: ['create', 'resize'],
      statuses: query.status ? [query.status as any] : undefined,
    });
    const claims = new Set(caller.ownershipEntityRefs.map(lower));
    const visible = query.mine
      ? requests.filter(
          r => r.requestedBy === caller.userEntityRef || claims.has(lower(r.ownerRef)),
        )
      : requests;
    const mayDecide = await this.mayDecide(caller);
    return visible.map(r => this.toRequestView(r, mayDecide && r.requestedBy !== caller.userEntityRef));
  }

  async approve(caller: Caller, id: string, body: unknown) {
    return this.decide(caller, id, body, 'approve');
  }

  async reject(caller: Caller, id: string, body: unknown) {
    return this.decide(caller, id, body, 'reject');
  }

  private async decide(
    caller: Caller,
    id: string,
    body: unknown,
    decision: 'approve' | 'reject',
  ): Promise<DatabaseRequest> {
    const { comment } = parseInput(databaseDecisionInputSchema, body);
    const { store } = this.options;
    const request = await store.getRequest(id);
    if (!request || !isPersonRequest(request.kind)) {
      throw new NotFoundError(`There is no database request ${id}.`);
    }
    if (!(await this.mayDecide(caller))) {
      throw new NotAllowedError(
        'Only members of the platform team approve or reject database requests.',
      );
    }
    // The policy says who may approve at all; nobody approves their own request, whatever
    // groups they are in.
    if (request.requestedBy === caller.userEntityRef) {
      throw new NotAllowedError(
        'You cannot approve or reject your own request; another member of the platform team must.',
      );
    }
    const now = this.now();
    const updated = await store.transaction(async tx => {
      const changed = await tx.updateRequest(
        id,
        {
          status: decision === 'approve' ? 'queued' : 'rejected',
          decidedAt: now,
          decidedBy: caller.userEntityRef,
          decisionComment: comment,
          ...(decision === 'reject' ? { completedAt: now } : {}),
        },
        { statuses: ['awaiting-approval'] },
      );
      if (changed !== 1) {
        const current = await tx.getRequest(id);
        throw new ConflictError(
          `This request is ${current?.status.replace('-', ' ')}, not waiting for approval.`,
        );
      }
      const record = (await tx.getRequest(id))!;
      const database = (await tx.getDatabase(record.databaseId))!;
      const name = describeDatabase(record);
      const announce = new Announcer(tx, now);
      if (decision === 'approve') {
        if (record.kind === 'create') {
          await tx.updateDatabase(database.id, { status: 'provisioning', updatedAt: now });
        }
      } else if (record.kind === 'create') {
        await tx.updateDatabase(database.id, {
          status: 'rejected',
          activeKey: null,
          openRequestId: null,
          updatedAt: now,
        });
        await announce.requestEvent(record, 'rejected');
      } else {
        await tx.updateDatabase(database.id, { openRequestId: null, updatedAt: now });
      }
      await tx.insertAudit({
        databaseId: database.id,
        requestId: id,
        actor: caller.userEntityRef,
        action: decision === 'approve' ? 'approved' : 'rejected',
        message: `${decision === 'approve' ? 'Approved' : 'Rejected'} the ${
          record.kind === 'create' ? 'request' : `${record.kind} to ${record.size}`
        } for ${name}: ${comment}`,
        verdict: record.verdict,
        at: now,
      });
      await announce.notify({
        recipients: { type: 'entity', entityRef: record.requestedBy },
        payload: {
          title: `${decision === 'approve' ? 'Approved' : 'Rejected'}: ${name}`,
          description: `${caller.userEntityRef}: ${comment}`,
          link: requestLink(record),
          severity: decision === 'approve' ? 'normal' : 'high',
          topic: 'databases',
        },
      });
      return record;
    });
    if (decision === 'approve') this.options.worker.kick(id);
    this.options.dispatcher.kick();
    return this.toRequestView(updated, false);
  }

  // ---------------------------------------------------------------- databases

  async listDatabases(caller: Caller, query: { component?: string; owner?: string }) {
    const records = await this.options.store.listDatabases({
      componentRef: query.component ? normalizeRef(query.component, 'component') : undefined,
      ownerRefs: query.owner ? [normalizeRef(query.owner, 'group')] : undefined,
      statuses: ['requested', 'provisioning', 'active', 'decommissioning', 'failed'],
    });
    // A failed request's leftovers are interesting only until they are cleaned up.
    const shown = records.filter(r => r.status !== 'failed' || r.openRequestId);
    return this.databaseViews(caller, shown);
  }

  async getDatabase(caller: Caller, id: string): Promise<Database> {
    const record = await this.requireDatabase(id);
    const [view] = await this.databaseViews(caller, [record]);
    return view;
  }

  async auditTrail(_caller: Caller, id: string): Promise<DatabaseAuditEntry[]> {
    await this.requireDatabase(id);
    const entries = await this.options.store.listAudit(id);
    return entries.map(e => ({
      id: e.id,
      at: iso(e.at)!,
      actor: e.actor,
      action: e.action,
      requestId: e.requestId,
      message: e.message,
      verdict: e.verdict,
    }));
  }

  async revealCredentials(caller: Caller, id: string): Promise<DatabaseCredentials> {
    const database = await this.requireDatabase(id);
    await this.authorize(caller, databaseCredentialsReadPermission, id);
    // Credentials are for the owning team only; platform admins can rotate but not read them.
    if (!this.isOwner(caller, database)) {
      throw new NotAllowedError(
        `Only members of ${database.ownerRef} can reveal these credentials.`,
      );
    }
    if (database.status !== 'active') {
      throw new ConflictError(
        `${describeDatabase(database)} is ${database.status}; credentials are available while it is active.`,
      );
    }
    const secret = await this.options.secrets.get(secretRef(id));
    if (!secret) {
      throw new ConflictError('The credentials of this database are not available yet.');
    }
    const endpoint = await (await this.options.targets.get(database.environment)).endpoint();
    const now = this.now();
    await this.options.store.insertAudit({
      databaseId: id,
      actor: caller.userEntityRef,
      action: 'credentials-revealed',
      message: `${caller.userEntityRef} revealed the credentials of ${describeDatabase(database)}.`,
      at: now,
    });
    return {
      host: endpoint.host,
      port: endpoint.port,
      database: database.databaseName,
      username: secret.username,
      password: secret.password,
      connectionString: `postgresql://${encodeURIComponent(secret.username)}:${encodeURIComponent(
        secret.password,
      )}@${endpoint.host}:${endpoint.port}/${encodeURIComponent(database.databaseName)}`,
    };
  }

  async rotate(caller: Caller, id: string): Promise<Database> {
    const database = await this.requireDatabase(id);
    await this.authorize(caller, databaseRotatePermission, id);
    this.requireStatus(database, ['active'], 'rotate its credentials');
    await this.startOperation(caller, database, 'rotate', 'rotation-requested', 'Asked for new credentials.');
    return this.getDatabase(caller, id);
  }

  async dryRunResize(caller: Caller, id: string, body: unknown): Promise<PolicyVerdict> {
    const input = parseInput(databaseResizeInputSchema, body);
    const database = await this.requireDatabase(id);
    await this.authorize(caller, databaseResizePermission, id);
    const usage = await this.options.store.teamUsage(database.ownerRef, database.id);
    return this.evaluate(this.prepareResize(database, input), usage, false);
  }

  async resize(caller: Caller, id: string, body: unknown): Promise<DatabaseRequest> {
    const input = parseInput(databaseResizeInputSchema, body);
    const database = await this.requireDatabase(id);
    await this.authorize(caller, databaseResizePermission, id);
    this.requireStatus(database, ['active'], 'resize it');
    if (input.size === database.size) {
      throw new InputError(`${describeDatabase(database)} is already ${input.size}.`);
    }
    const prepared = this.prepareResize(database, input);
    const { store } = this.options;
    const now = this.now();
    const request = await store.transaction(async tx => {
      await tx.lockTeam(database.ownerRef);
      const usage = await tx.teamUsage(database.ownerRef, database.id);
      const verdict = this.evaluate(prepared, usage, false);
      const status =
        verdict.decision === 'deny'
          ? 'denied'
          : verdict.decision === 'needs-approval'
          ? 'awaiting-approval'
          : 'queued';
      const record: RequestRecord = {
        ...baseRequest(database, 'resize', caller.userEntityRef, now),
        size: input.size,
        previousSize: database.size,
        justification: input.justification || undefined,
        monthlyCostUsd: prepared.monthlyCostUsd,
        verdict,
        status,
        ...(status === 'denied' ? { completedAt: now, decidedAt: now, decidedBy: 'policy' } : {}),
      };
      if (status !== 'denied') {
        const claimed = await tx.updateDatabase(
          database.id,
          { openRequestId: record.id, updatedAt: now },
          { statuses: ['active'], openRequestId: null },
        );
        if (claimed !== 1) throw this.busy(database);
      }
      await tx.insertRequest(record);
      await tx.insertAudit({
        databaseId: database.id,
        requestId: record.id,
        actor: caller.userEntityRef,
        action: 'resize-requested',
        message: `Asked to resize ${describeDatabase(database)} from ${database.size} to ${input.size}; the policy ${
          status === 'denied' ? 'denied it' : status === 'awaiting-approval' ? 'asks for an approval' : 'allowed it'
        }.`,
        verdict,
        at: now,
      });
      if (status === 'awaiting-approval') {
        await new Announcer(tx, now).notify({
          recipients: {
            type: 'entity',
            entityRef: this.options.settings.approverGroups,
            excludeEntityRef: caller.userEntityRef,
          },
          payload: {
            title: `Approve resizing ${describeDatabase(database)} to ${input.size}?`,
            description: verdict.approvalReasons.map(r => r.message).join(' '),
            link: requestLink(record),
            severity: 'high',
            topic: 'databases-approvals',
          },
        });
      }
      return record;
    });
    if (request.status === 'queued') this.options.worker.kick(request.id);
    this.options.dispatcher.kick();
    return this.requestView(caller, request);
  }

  async decommission(caller: Caller, id: string, body: unknown): Promise<Database> {
    const { confirmName } = parseInput(databaseDecommissionInputSchema, body);
    const database = await this.requireDatabase(id);
    await this.authorize(caller, databaseDecommissionPermission, id);
    if (confirmName !== database.name) {
      throw new InputError(
        `Type the database's name, ${database.name}, to confirm decommissioning it.`,
      );
    }
    this.requireStatus(database, ['active'], 'decommission it');
    await this.startOperation(
      caller,
      database,
      'decommission',
      'decommission-requested',
      `Asked to decommission ${describeDatabase(database)}.`,
    );
    return this.getDatabase(caller, id);
  }

  async restore(caller: Caller, id: string): Promise<Database> {
    const database = await this.requireDatabase(id);
    await this.authorize(caller, databaseDecommissionPermission, id);
    this.requireStatus(database, ['decommissioning'], 'restore it');
    if (database.dropAfter === undefined) {
      throw new ConflictError(`${describeDatabase(database)} is already being dropped.`);
    }
    await this.startOperation(
      caller,
      database,
      'restore',
      'restore-requested',
      `Asked to restore ${describeDatabase(database)}.`,
      ['decommissioning'],
    );
    return this.getDatabase(caller, id);
  }

  /** The catalog Resources of every database that exists (for the entity provider). */
  async catalogEntities(): Promise<Entity[]> {
    const records = await this.options.store.listDatabases({
      statuses: ['active', 'decommissioning'],
    });
    return records.map(r => toResourceEntity(r, this.options.settings));
  }

  // ---------------------------------------------------------------- helpers

  private async startOperation(
    caller: Caller,
    database: DatabaseRecord,
    kind: RequestKind,
    action: string,
    message: string,
    statuses: DatabaseRecord['status'][] = ['active'],
  ) {
    const now = this.now();
    const request = baseRequest(database, kind, caller.userEntityRef, now);
    await this.options.store.transaction(async tx => {
      const claimed = await tx.updateDatabase(
        database.id,
        { openRequestId: request.id, updatedAt: now },
        { statuses, openRequestId: null },
      );
      if (claimed !== 1) throw this.busy(database);
      await tx.insertRequest(request);
      await tx.insertAudit({
        databaseId: database.id,
        requestId: request.id,
        actor: caller.userEntityRef,
        action,
        message,
        at: now,
      });
    });
    this.options.worker.kick(request.id);
  }

  private busy(database: DatabaseRecord) {
    return new ConflictError(
      `Another change to ${describeDatabase(database)} is in progress; try again when it has finished.`,
    );
  }

  private requireStatus(
    database: DatabaseRecord,
    statuses: DatabaseRecord['status'][],
    what: string,
  ) {
    if (!statuses.includes(database.status)) {
      throw new ConflictError(
        `${describeDatabase(database)} is ${database.status}; it must be ${statuses.join(
          ' or ',
        )} to ${what}.`,
      );
    }
    if (database.openRequestId) throw this.busy(database);
  }

  private async requireDatabase(id: string): Promise<DatabaseRecord> {
    const record = /^[0-9a-f-]{36}$/.test(id)
      ? await this.options.store.getDatabase(id)
      : undefined;
    if (!record || record.status === 'rejected') {
      throw new NotFoundError(`There is no database ${id}.`);
    }
    return record;
  }

  private isOwner(caller: Caller, database: DatabaseRecord) {
    return caller.ownershipEntityRefs.map(lower).includes(lower(database.ownerRef));
  }

  private async authorize(
    caller: Caller,
    permission:
      | typeof databaseRequestCreatePermission
      | typeof databaseRequestDecidePermission
      | typeof databaseCredentialsReadPermission
      | typeof databaseRotatePermission
      | typeof databaseResizePermission
      | typeof databaseDecommissionPermission,
    resourceRef?: string,
  ) {
    const [decision] = await this.options.permissions.authorize(
      [resourceRef ? ({ permission, resourceRef } as any) : { permission }],
      { credentials: caller.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        resourceRef
          ? 'Only members of the team that owns this database (or platform admins) may do this.'
          : 'You are not allowed to do this.',
      );
    }
  }

  private async mayDecide(caller: Caller): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: databaseRequestDecidePermission }],
      { credentials: caller.credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Resolves the component and checks the caller is in the team that owns it. */
  private async prepareCreate(
    caller: Caller,
    input: z.infer<typeof databaseRequestInputSchema>,
  ) {
    const { settings } = this.options;
    const componentRef = normalizeRef(input.component, 'component');
    if (!componentRef.startsWith('component:')) {
      throw new InputError('A database belongs to a component; name one like component:default/checkout-service.');
    }
    const component = await this.options.catalog.getEntityByRef(componentRef, {
      credentials: caller.credentials,
    });
    if (!component) {
      throw new InputError(`There is no component ${componentRef} in the catalog.`);
    }
    const owner = component.spec?.owner;
    if (typeof owner !== 'string' || !owner) {
      throw new InputError(`${componentRef} has no owner in the catalog, so nobody could own its database.`);
    }
    const ownerRef = normalizeRef(owner, 'group', component.metadata.namespace);
    if (!caller.ownershipEntityRefs.map(lower).includes(lower(ownerRef))) {
      throw new NotAllowedError(
        `You can request databases only for components your team owns; ${componentRef} belongs to ${ownerRef}.`,
      );
    }
    const system = component.spec?.system;
    const region = input.region ?? settings.regions[0];
    if (!settings.regions.includes(region)) {
      throw new InputError(`Choose one of the regions ${settings.regions.join(', ')}.`);
    }
    const highAvailability = input.highAvailability ?? false;
    return {
      kind: 'create' as const,
      componentRef,
      ownerRef,
      systemRef:
        typeof system === 'string' && system
          ? normalizeRef(system, 'system', component.metadata.namespace)
          : undefined,
      name: input.name,
      environment: input.environment,
      size: input.size,
      region,
      backupRetentionDays: input.backupRetentionDays ?? settings.defaultBackupRetentionDays,
      highAvailability,
      justification: input.justification ?? '',
      monthlyCostUsd: monthlyCostUsd(
        settings.sizeClasses[input.size],
        highAvailability,
        settings.highAvailabilityCostFactor,
      ),
      activeKey: `${input.environment}/${input.name}`,
    };
  }

  private prepareResize(
    database: DatabaseRecord,
    input: z.infer<typeof databaseResizeInputSchema>,
  ) {
    const { settings } = this.options;
    return {
      kind: 'resize' as const,
      componentRef: database.componentRef,
      ownerRef: database.ownerRef,
      name: database.name,
      environment: database.environment,
      size: input.size,
      region: database.region,
      backupRetentionDays: database.backupRetentionDays,
      highAvailability: database.highAvailability,
      justification: input.justification ?? '',
      monthlyCostUsd: monthlyCostUsd(
        settings.sizeClasses[input.size],
        database.highAvailability,
        settings.highAvailabilityCostFactor,
      ),
    };
  }

  private evaluate(
    prepared: Omit<PolicyInput['request'], 'component' | 'team'> & {
      componentRef: string;
      ownerRef: string;
    },
    usage: { monthlyCostUsd: number; databaseCount: number },
    nameTaken: boolean,
  ): PolicyVerdict {
    return this.options.policy.evaluate(
      {
        request: {
          kind: prepared.kind,
          name: prepared.name,
          environment: prepared.environment,
          size: prepared.size,
          region: prepared.region,
          backupRetentionDays: prepared.backupRetentionDays,
          highAvailability: prepared.highAvailability,
          justification: prepared.justification,
          monthlyCostUsd: prepared.monthlyCostUsd,
          component: prepared.componentRef,
          team: prepared.ownerRef,
        },
        team: { ref: prepared.ownerRef, ...usage },
        existing: { nameTaken },
      },
      new Date(this.now()),
    );
  }

  /** The dry run also says when the portal itself could not serve the request. */
  private withPortalChecks(
    verdict: PolicyVerdict,
    environment: DatabaseEnvironment,
  ): PolicyVerdict {
    const reasons = [...verdict.reasons];
    if (!this.options.targets.isAvailable(environment)) {
      reasons.push({
        policy: 'portal',
        field: 'environment',
        message: `No database server is configured for ${environment} yet; ask the platform team.`,
      });
    }
    if (this.options.secrets.problem) {
      reasons.push({
        policy: 'portal',
        message: `Database requests are switched off until the platform team fixes the portal's configuration: ${this.options.secrets.problem}`,
      });
    }
    return reasons.length === verdict.reasons.length
      ? verdict
      : { ...verdict, decision: 'deny', reasons };
  }

  private async requestView(caller: Caller, request: RequestRecord) {
    const canDecide =
      request.status === 'awaiting-approval' &&
      request.requestedBy !== caller.userEntityRef &&
      (await this.mayDecide(caller));
    return this.toRequestView(request, canDecide);
  }

  private toRequestView(request: RequestRecord, canDecide: boolean): DatabaseRequest {
    return {
      id: request.id,
      kind: request.kind as DatabaseRequest['kind'],
      databaseId: request.databaseId,
      databaseEntityRef: databaseEntityRef(request),
      componentRef: request.componentRef,
      ownerRef: request.ownerRef,
      requestedBy: request.requestedBy,
      spec: {
        name: request.name,
        environment: request.environment,
        size: request.size,
        region: request.region,
        backupRetentionDays: request.backupRetentionDays,
        highAvailability: request.highAvailability,
      },
      justification: request.justification,
      previousSize: request.previousSize,
      monthlyCostUsd: request.monthlyCostUsd,
      verdict: request.verdict!,
      status: request.status,
      statusMessage: request.statusMessage,
      attempts: request.attempts,
      requestedAt: iso(request.requestedAt)!,
      decidedAt: iso(request.decidedAt),
      decidedBy: request.decidedBy,
      decisionComment: request.decisionComment,
      completedAt: iso(request.completedAt),
      canDecide: canDecide && request.status === 'awaiting-approval',
    };
  }

  private async databaseViews(
    caller: Caller,
    records: DatabaseRecord[],
  ): Promise<Database[]> {
    if (records.length === 0) return [];
    const permissions = [
      databaseRotatePermission,
      databaseResizePermission,
      databaseDecommissionPermission,
      databaseCredentialsReadPermission,
    ];
    const decisions = await this.options.permissions.authorize(
      records.flatMap(r =>
        permissions.map(permission => ({ permission, resourceRef: r.id }) as any),
      ),
      { credentials: caller.credentials },
    );
    return records.map((record, i) => {
      const allowed = (j: number) =>
        decisions[i * permissions.length + j].result === AuthorizeResult.ALLOW;
      const sizeClass = this.options.settings.sizeClasses[record.size];
      return {
        id: record.id,
        entityRef: databaseEntityRef(record),
        spec: {
          name: record.name,
          environment: record.environment,
          size: record.size,
          region: record.region,
          backupRetentionDays: record.backupRetentionDays,
          highAvailability: record.highAvailability,
        },
        ownerRef: record.ownerRef,
        componentRef: record.componentRef,
        systemRef: record.systemRef,
        requestedBy: record.requestedBy,
        status: record.status === 'requested' ? 'provisioning' : (record.status as Database['status']),
        monthlyCostUsd: record.monthlyCostUsd,
        sizeClass,
        health: record.health
          ? {
              checkedAt: iso(record.health.checkedAt)!,
              reachable: record.health.reachable,
              sizeBytes: record.health.sizeBytes,
              connections: record.health.connections,
              state: record.health.state,
              message: record.health.message,
            }
          : undefined,
        dropAfter: iso(record.dropAfter),
        createdAt: iso(record.createdAt)!,
        provisionedAt: iso(record.provisionedAt),
        pendingRequestId: record.openRequestId,
        allowed: {
          rotate: allowed(0),
          resize: allowed(1),
          decommission: allowed(2),
          revealCredentials: allowed(3) && this.isOwner(caller, record),
        },
      };
    });
  }
}

function isPersonRequest(kind: RequestKind) {
  return kind === 'create' || kind === 'resize';
}

function normalizeRef(ref: string, defaultKind: string, defaultNamespace = 'default') {
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind, defaultNamespace })).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(`${ref} is not an entity reference.`);
  }
}

function isUniqueViolation(error: unknown) {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

