import crypto from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { DatabasesSettings } from '../config/DatabasesSettings';
import {
  DatabaseRecord,
  DatabasesStore,
  Patch,
  RequestKind,
  RequestRecord,
  RUNNABLE_REQUEST_STATUSES,
} from '../database/DatabasesStore';
import {
  DatabaseProvisioner,
  ProvisioningRefusedError,
  ProvisionTarget,
} from '../provisioning/DatabaseProvisioner';
import { DatabaseTargets } from '../provisioning/DatabaseTargets';
import { scramSha256Verifier } from '../provisioning/scram';
import { DatabaseSecretStore, generatePassword } from '../secrets/DatabaseSecretStore';
import {
  Announcer,
  databaseLink,
  describeDatabase,
  requestLink,
} from './announcements';
import { OutboxDispatcher } from './OutboxDispatcher';

type StepContext = {
  request: RequestRecord;
  database: DatabaseRecord;
  provisioner: DatabaseProvisioner;
  target: ProvisionTarget;
};

type Step = { name: string; run(ctx: StepContext): Promise<void> };

class LeaseLostError extends Error {}

const MAX_RETRY_DELAY_MS = 10 * 60_000;

export function secretRef(databaseId: string) {
  return `database/${databaseId}`;
}
function nextSecretRef(databaseId: string) {
  return `database/${databaseId}/next`;
}

/**
 * Runs requests as resumable state machines. Each kind is a list of steps; after a step's
 * effect the request records it as a checkpoint, so a restarted worker resumes after the last
 * known step and repeats at most the one in flight (every step is idempotent). A request is
 * run by whoever holds its lease; the lease is renewed at each checkpoint and expires when its
 * holder dies, so another replica (or the restarted one) takes over.
 */
export class ProvisioningWorker {
  readonly workerId = `worker-${crypto.randomUUID()}`;
  private readonly steps: Record<RequestKind, Step[]>;
  private readonly inFlight = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly options: {
      store: DatabasesStore;
      targets: DatabaseTargets;
      secrets: DatabaseSecretStore;
      settings: DatabasesSettings;
      dispatcher: OutboxDispatcher;
      logger: LoggerService;
      now?: () => number;
    },
  ) {
    const { secrets } = options;
    this.steps = {
      create: [
        {
          name: 'credentials',
          async run({ database }) {
            if (!(await secrets.get(secretRef(database.id)))) {
              await secrets.put(secretRef(database.id), {
                username: database.roleName,
                password: generatePassword(),
              });
            }
          },
        },
        {
          name: 'role',
          async run({ database, provisioner, target }) {
            const secret = await secrets.get(secretRef(database.id));
            if (!secret) throw new Error('The generated credentials are missing.');
            await provisioner.ensureRole(target, scramSha256Verifier(secret.password));
          },
        },
        {
          name: 'database',
          run: ({ provisioner, target }) => provisioner.ensureDatabase(target),
        },
        {
          name: 'access',
          run: ({ provisioner, target }) => provisioner.restrictAccess(target),
        },
      ],
      resize: [
        {
          name: 'limits',
          run: ({ provisioner, target }) => provisioner.setConnectionLimit(target),
        },
      ],
      rotate: [
        {
          name: 'credentials',
          async run({ database }) {
            if (!(await secrets.get(nextSecretRef(database.id)))) {
              await secrets.put(nextSecretRef(database.id), {
                username: database.roleName,
                password: generatePassword(),
              });
            }
          },
        },
        {
          name: 'password',
          async run({ database, provisioner, target }) {
            // After a crash past "promote" the next secret is gone and the role already has it.
            const next = await secrets.get(nextSecretRef(database.id));
            if (next) {
              await provisioner.setPassword(target, scramSha256Verifier(next.password));
            }
          },
        },
        {
          name: 'promote',
          async run({ database }) {
            const next = await secrets.get(nextSecretRef(database.id));
            if (next) {
              await secrets.put(secretRef(database.id), next);
              await secrets.delete(nextSecretRef(database.id));
            }
          },
        },
      ],
      decommission: [
        {
          name: 'disable',
          run: ({ provisioner, target }) => provisioner.setLogin(target, false),
        },
      ],
      restore: [
        {
          name: 'enable',
          run: ({ provisioner, target }) => provisioner.setLogin(target, true),
        },
      ],
      drop: [
        {
          name: 'drop-database',
          run: ({ provisioner, target }) => provisioner.dropDatabase(target),
        },
        {
          name: 'drop-role',
          run: ({ provisioner, target }) => provisioner.dropRole(target),
        },
        {
          name: 'secrets',
          async run({ database }) {
            await secrets.delete(nextSecretRef(database.id));
            await secrets.delete(secretRef(database.id));
          },
        },
      ],
    };
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Starts running a request in the background (the HTTP answer does not wait). */
  kick(requestId: string): void {
    if (this.stopped || this.inFlight.has(requestId)) return;
    const run = this.run(requestId)
      .catch(error =>
        this.options.logger.error(`Database request ${requestId} stopped: ${error}`),
      )
      .finally(() => this.inFlight.delete(requestId));
    this.inFlight.set(requestId, run);
  }

  /** Waits until nothing runs in this process (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.all([...this.inFlight.values()]);
    }
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * One pass of the global scheduled task: runs every due request nobody holds (new, retrying,
   * or left by a dead worker) and starts the drop of databases whose grace period ended.
   */
  async sweep(): Promise<void> {
    await this.scheduleDueDrops();
    const ids = await this.options.store.listRunnableRequestIds(this.now(), 20);
    for (const id of ids) {
      if (this.stopped) return;
      if (this.inFlight.has(id)) continue;
      await this.run(id).catch(error =>
        this.options.logger.error(`Database request ${id} stopped: ${error}`),
      );
    }
  }

  /** Runs one request to its end or to its next retry, if this worker can take its lease. */
  async run(requestId: string): Promise<void> {
    const { store, settings } = this.options;
    if (!(await store.claimRequest(requestId, this.workerId, this.now(), settings.leaseMs))) {
      return;
    }
    const request = (await store.getRequest(requestId))!;
    const database = (await store.getDatabase(request.databaseId))!;
    try {
      const provisioner = await this.options.targets.get(request.environment);
      const ctx: StepContext = {
        request,
        database,
        provisioner,
        target: {
          databaseId: database.id,
          roleName: database.roleName,
          databaseName: database.databaseName,
          connectionLimit: settings.sizeClasses[request.size].connectionLimit,
        },
      };
      const steps = this.steps[request.kind];
      const done = request.step ? steps.findIndex(s => s.name === request.step) + 1 : 0;
      if (request.status !== 'running') {
        await this.checkpoint(request, { status: 'running' });
      }
      for (const step of steps.slice(done)) {
        await step.run(ctx);
        crashForTestsAfter(request.kind, step.name);
        await this.checkpoint(request, { step: step.name });
      }
      await this.complete(request, database);
      crashForTestsAfter(request.kind, 'complete');
    } catch (error) {
      if (error instanceof LeaseLostError) return;
      await this.failOrRetry(request, database, error as Error);
    } finally {
      this.options.dispatcher.kick();
    }
  }

  private async checkpoint(
    request: RequestRecord,
    patch: Patch<RequestRecord>,
  ) {
    const changed = await this.options.store.updateRequest(
      request.id,
      {
        ...patch,
        statusMessage: patch.statusMessage ?? (null),
        leaseExpiresAt: this.now() + this.options.settings.leaseMs,
      },
      { leaseOwner: this.workerId, statuses: RUNNABLE_REQUEST_STATUSES },
    );
    if (changed !== 1) {
      throw new LeaseLostError(`Lost the lease of request ${request.id}`);
    }
  }

  /** The last step: one transaction records the outcome, the audit entry and the announcements. */
  private async complete(request: RequestRecord, database: DatabaseRecord) {
    const { store, settings } = this.options;
    const now = this.now();
    await store.transaction(async tx => {
      const changed = await tx.updateRequest(
        request.id,
        {
          status: 'completed',
          statusMessage: null,
          completedAt: now,
          leaseOwner: null,
          leaseExpiresAt: null,
        },
        { leaseOwner: this.workerId, statuses: RUNNABLE_REQUEST_STATUSES },
      );
      if (changed !== 1) throw new LeaseLostError(`Lost the lease of request ${request.id}`);
      const completed = { ...request, completedAt: now };
      const announce = new Announcer(tx, now);
      const name = describeDatabase(database);
      const audit = (action: string, message: string) =>
        tx.insertAudit({
          databaseId: database.id,
          requestId: request.id,
          actor: 'portal',
          action,
          message,
          at: now,
        });

      switch (request.kind) {
        case 'create': {
          await tx.updateDatabase(database.id, {
            status: 'active',
            provisionedAt: now,
            openRequestId: null,
            updatedAt: now,
          });
          await audit('provisioned', `Provisioned ${name}; credentials are ready for ${database.ownerRef}.`);
          await announce.notify({
            recipients: { type: 'entity', entityRef: [request.requestedBy, database.ownerRef] },
            payload: {
              title: `Your database ${name} is ready`,
              description: `Reveal its credentials on the database's page. It costs $${database.monthlyCostUsd} a month.`,
              link: databaseLink(database),
              severity: 'normal',
              topic: 'databases',
            },
          });
          await announce.requestEvent(completed, 'provisioned');
          await announce.catalogChanged(database);
          break;
        }
        case 'resize': {
          const sizeClass = settings.sizeClasses[request.size];
          await tx.updateDatabase(database.id, {
            size: request.size,
            monthlyCostUsd: request.monthlyCostUsd,
            openRequestId: null,
            updatedAt: now,
          });
          await audit(
            'resized',
            `Resized ${name} from ${request.previousSize} to ${request.size} (${sizeClass.connectionLimit} connections, $${request.monthlyCostUsd} a month).`,
          );
          await announce.notify({
            recipients: { type: 'entity', entityRef: [request.requestedBy, database.ownerRef] },
            payload: {
              title: `${name} is now ${request.size}`,
              description: `It allows ${sizeClass.connectionLimit} connections and costs $${request.monthlyCostUsd} a month.`,
              link: databaseLink(database),
              topic: 'databases',
            },
          });
          await announce.catalogChanged({ ...database, size: request.size });
          break;
        }
        case 'rotate':
          await tx.updateDatabase(database.id, { openRequestId: null, updatedAt: now });
          await audit('rotated', `Rotated the credentials of ${name}; the old password no longer works.`);
          await announce.notify({
            recipients: { type: 'entity', entityRef: database.ownerRef },
            payload: {
              title: `New credentials for ${name}`,
              description: `${request.requestedBy} rotated them; update your applications' secrets.`,
              link: databaseLink(database),
              severity: 'high',
              topic: 'databases',
            },
          });
          break;
        case 'decommission': {
          const dropAfter = now + settings.gracePeriodMs;
          await tx.updateDatabase(database.id, {
            status: 'decommissioning',
            dropAfter,
            openRequestId: null,
            updatedAt: now,
          });
          await audit(
            'decommissioned',
            `Decommissioned ${name}: logins are disabled and it is dropped after ${new Date(
              dropAfter,
            ).toISOString()} unless restored.`,
          );
          await announce.notify({
            recipients: { type: 'entity', entityRef: database.ownerRef },
            payload: {
              title: `${name} is decommissioned`,
              description: `It will be dropped on ${new Date(dropAfter).toUTCString()}; restore it from its page before then if this was a mistake.`,
              link: databaseLink(database),
              severity: 'high',
              topic: 'databases',
            },
          });
          await announce.catalogChanged(database);
          break;
        }
        case 'restore':
          await tx.updateDatabase(database.id, {
            status: 'active',
            dropAfter: null,
            openRequestId: null,
            updatedAt: now,
          });
          await audit('restored', `Restored ${name}; logins work again.`);
          await announce.notify({
            recipients: { type: 'entity', entityRef: database.ownerRef },
            payload: {
              title: `${name} is restored`,
              link: databaseLink(database),
              topic: 'databases',
            },
          });
          await announce.catalogChanged(database);
          break;
        case 'drop': {
          const failedCreate = database.status === 'failed';
          await tx.updateDatabase(database.id, {
            status: failedCreate ? 'failed' : 'decommissioned',
            activeKey: null,
            openRequestId: null,
            dropAfter: null,
            updatedAt: now,
          });
          await audit(
            'dropped',
            failedCreate
              ? `Removed what was made of ${name} before its request failed.`
              : `Dropped ${name} and its role; the credentials are deleted.`,
          );
          await announce.catalogChanged(database);
          break;
        }
        default:
          throw new Error(`Unknown request kind ${request.kind}`);
      }
    });
  }

  private async failOrRetry(
    request: RequestRecord,
    database: DatabaseRecord,
    error: Error,
  ) {
    const { store, settings, logger } = this.options;
    const attempts = request.attempts + 1;
    const retryable =
      !(error instanceof ProvisioningRefusedError) &&
      (request.kind === 'drop' || attempts < settings.maxAttempts);
    const now = this.now();
    logger.warn(
      `Database request ${request.id} (${request.kind} ${describeDatabase(database)}) ${
        retryable ? 'will be retried' : 'failed'
      }: ${error.message}`,
    );
    if (retryable) {
      const delay = Math.min(
        settings.retryDelayMs * 2 ** (attempts - 1),
        MAX_RETRY_DELAY_MS,
      );
      await store.updateRequest(
        request.id,
        {
          status: 'retrying',
          attempts,
          nextAttemptAt: now + delay,
          statusMessage: `${error.message} Retrying in ${Math.round(delay / 1000)} s (attempt ${
            attempts + 1
          }${request.kind === 'drop' ? '' : ` of ${settings.maxAttempts}`}).`,
          leaseOwner: null,
          leaseExpiresAt: null,
        },
        { leaseOwner: this.workerId },
      );
      return;
    }

    const message =
      error instanceof ProvisioningRefusedError
        ? error.message
        : `${error.message} Gave up after ${attempts} attempts.`;
    await store.transaction(async tx => {
      const changed = await tx.updateRequest(
        request.id,
        {
          status: 'failed',
          attempts,
          statusMessage: message,
          completedAt: now,
          leaseOwner: null,
          leaseExpiresAt: null,
        },
        { leaseOwner: this.workerId },
      );
      if (changed !== 1) return;
      const announce = new Announcer(tx, now);
      const name = describeDatabase(database);
      await tx.insertAudit({
        databaseId: database.id,
        requestId: request.id,
        actor: 'portal',
        action: `${request.kind}-failed`,
        message: `${capitalize(request.kind)} of ${name} failed: ${message}`,
        at: now,
      });
      if (request.kind === 'create') {
        // Nothing half-made may remain: a drop request removes whatever the steps made.
        const cleanup = cleanupRequest(request, now);
        await tx.insertRequest(cleanup);
        await tx.updateDatabase(database.id, {
          status: 'failed',
          openRequestId: cleanup.id,
          updatedAt: now,
        });
        await announce.requestEvent({ ...request, completedAt: now }, 'failed');
      } else {
        await tx.updateDatabase(database.id, { openRequestId: null, updatedAt: now });
      }
      await announce.notify({
        recipients: { type: 'entity', entityRef: [request.requestedBy, database.ownerRef] },
        payload: {
          title: `Could not ${verb(request.kind)} ${name}`,
          description: message,
          link: request.kind === 'create' ? requestLink(request) : databaseLink(database),
          severity: 'high',
          topic: 'databases',
        },
      });
    });
    if (request.kind === 'rotate') {
      await this.options.secrets.delete(nextSecretRef(database.id)).catch(() => {});
    }
    const cleanupId = (await store.getDatabase(database.id))?.openRequestId;
    if (request.kind === 'create' && cleanupId) this.kick(cleanupId);
  }

  private async scheduleDueDrops() {
    const { store } = this.options;
    const now = this.now();
    for (const database of await store.databasesDueForDrop(now)) {
      const drop: RequestRecord = {
        ...baseRequest(database, 'drop', 'portal', now),
      };
      const created = await store.transaction(async tx => {
        const changed = await tx.updateDatabase(
          database.id,
          { openRequestId: drop.id, updatedAt: now },
          { statuses: ['decommissioning'], openRequestId: null },
        );
        if (changed !== 1) return false;
        await tx.insertRequest(drop);
        await tx.insertAudit({
          databaseId: database.id,
          requestId: drop.id,
          actor: 'portal',
          action: 'drop-started',
          message: `The grace period of ${describeDatabase(database)} ended; dropping it.`,
          at: now,
        });
        return true;
      });
      if (created) this.kick(drop.id);
    }
  }
}

/** A request the portal makes by itself (drops, clean-ups), queued to run at once. */
export function baseRequest(
  database: DatabaseRecord,
  kind: RequestKind,
  requestedBy: string,
  now: number,
): RequestRecord {
  return {
    id: crypto.randomUUID(),
    kind,
    databaseId: database.id,
    requestedBy,
    componentRef: database.componentRef,
    ownerRef: database.ownerRef,
    name: database.name,
    environment: database.environment,
    size: database.size,
    region: database.region,
    backupRetentionDays: database.backupRetentionDays,
    highAvailability: database.highAvailability,
    monthlyCostUsd: database.monthlyCostUsd,
    status: 'queued',
    attempts: 0,
    requestedAt: now,
  };
}

function cleanupRequest(request: RequestRecord, now: number): RequestRecord {
  return {
    ...request,
    id: crypto.randomUUID(),
    kind: 'drop',
    requestedBy: 'portal',
    justification: undefined,
    verdict: undefined,
    status: 'queued',
    statusMessage: undefined,
    step: undefined,
    attempts: 0,
    nextAttemptAt: undefined,
    leaseOwner: undefined,
    leaseExpiresAt: undefined,
    requestedAt: now,
    decidedAt: undefined,
    decidedBy: undefined,
    decisionComment: undefined,
    completedAt: undefined,
  };
}

function verb(kind: RequestKind) {
  return kind === 'create' ? 'provision' : kind;
}

function capitalize(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Crash tests only (NODE_ENV=test): DATABASES_TEST_CRASH_AFTER=<kind>:<step> kills the
 * process right after that step's effect and before its checkpoint, the worst moment.
 */
function crashForTestsAfter(kind: RequestKind, step: string) {
  if (
    process.env.NODE_ENV === 'test' &&
    process.env.DATABASES_TEST_CRASH_AFTER === `${kind}:${step}`
  ) {
    process.kill(process.pid, 'SIGKILL');
  }
}
