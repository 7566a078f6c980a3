import { z } from 'zod';

/** The environments a database can be requested for, each served by its own target server. */
export const DATABASE_ENVIRONMENTS = [
  'development',
  'staging',
  'production',
] as const;
export type DatabaseEnvironment = (typeof DATABASE_ENVIRONMENTS)[number];

/** Size classes; what each costs and allows comes from the backend's configuration. */
export const DATABASE_SIZES = ['small', 'medium', 'large'] as const;
export type DatabaseSize = (typeof DATABASE_SIZES)[number];

/**
 * A database name as it becomes a PostgreSQL identifier. Deliberately strict: quotes,
 * semicolons, spaces, unicode and overlong names are refused here, before any policy or
 * SQL sees them (identifiers are also quoted when used, so this is not the only guard).
 */
export const databaseNameSchema = z
  .string({ error: 'Give the database a name.' })
  .min(3, { error: 'Use at least 3 characters for the database name.' })
  .max(40, { error: 'Use at most 40 characters for the database name.' })
  .regex(/^[a-z][a-z0-9_]*$/, {
    error:
      'Use only lowercase letters, digits and underscores in the database name, starting with a letter.',
  });

const entityRefSchema = z
  .string({ error: 'Name the owning component by its entity ref.' })
  .min(1, { error: 'Choose the component that will own the database.' })
  .max(255)
  .regex(/^(component:)?([a-z0-9][a-z0-9_.-]*\/)?[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
    error:
      'Name the owning component by its entity ref, like component:default/checkout-service.',
  });

/** What a developer asks for: the form, the scaffolder action and the MCP action send this. */
export const databaseRequestInputSchema = z
  .object({
    component: entityRefSchema,
    name: databaseNameSchema,
    environment: z.enum(DATABASE_ENVIRONMENTS, {
      error: 'Choose development, staging or production.',
    }),
    size: z.enum(DATABASE_SIZES, { error: 'Choose small, medium or large.' }),
    region: z
      .string()
      .regex(/^[a-z0-9-]{2,32}$/, { error: 'Choose one of the offered regions.' })
      .optional(),
    backupRetentionDays: z
      .number({ error: 'Give the backup retention as a number of days.' })
      .int({ error: 'Give the backup retention as a whole number of days.' })
      .min(0, { error: 'Backup retention cannot be negative.' })
      .max(35, { error: 'Backups are kept for at most 35 days.' })
      .optional(),
    highAvailability: z
      .boolean({ error: 'High availability is either true or false.' })
      .optional(),
    justification: z
      .string({ error: 'The justification is text.' })
      .max(2000, { error: 'Keep the justification under 2000 characters.' })
      .optional(),
  })
  .strict();
export type DatabaseRequestInput = z.infer<typeof databaseRequestInputSchema>;

/** A change of size class of an existing database; re-checked by the policy. */
export const databaseResizeInputSchema = z
  .object({
    size: z.enum(DATABASE_SIZES, { error: 'Choose small, medium or large.' }),
    justification: z.string().max(2000).optional(),
  })
  .strict();
export type DatabaseResizeInput = z.infer<typeof databaseResizeInputSchema>;

/** Approve or reject a request that waits for a person. */
export const databaseDecisionInputSchema = z
  .object({
    comment: z
      .string({ error: 'Write a comment for the requester.' })
      .trim()
      .min(1, { error: 'Write a comment for the requester.' })
      .max(2000, { error: 'Keep the comment under 2000 characters.' }),
  })
  .strict();
export type DatabaseDecisionInput = z.infer<typeof databaseDecisionInputSchema>;

/** Decommissioning asks the user to type the database's name, as a confirmation. */
export const databaseDecommissionInputSchema = z
  .object({ confirmName: z.string().max(64) })
  .strict();
export type DatabaseDecommissionInput = z.infer<
  typeof databaseDecommissionInputSchema
>;

export const databaseListQuerySchema = z
  .object({
    component: z.string().max(255).optional(),
    owner: z.string().max(255).optional(),
  })
  .strict();

export type PolicyDecision = 'allow' | 'deny' | 'needs-approval';

/** One reason of a verdict: which policy said it and, when it is about a form field, which. */
export type PolicyReason = {
  policy: string;
  message: string;
  field?: string;
};

/** What the policy said about a request, with the usage it was evaluated against. */
export type PolicyVerdict = {
  decision: PolicyDecision;
  /** Every broken rule (deny). */
  reasons: PolicyReason[];
  /** Why a person must approve (needs-approval). */
  approvalReasons: PolicyReason[];
  monthlyCostUsd: number;
  usage: {
    teamRef: string;
    teamMonthlyCostUsd: number;
    teamDatabaseCount: number;
  };
  evaluatedAt: string;
};

export type DatabaseRequestKind = 'create' | 'resize';

export type DatabaseRequestStatus =
  | 'awaiting-approval'
  | 'denied'
  | 'rejected'
  | 'queued'
  | 'running'
  | 'retrying'
  | 'completed'
  | 'failed';

export const FINAL_REQUEST_STATUSES: readonly DatabaseRequestStatus[] = [
  'denied',
  'rejected',
  'completed',
  'failed',
];

export type DatabaseSpec = {
  name: string;
  environment: DatabaseEnvironment;
  size: DatabaseSize;
  region: string;
  backupRetentionDays: number;
  highAvailability: boolean;
};

export type DatabaseRequest = {
  id: string;
  kind: DatabaseRequestKind;
  databaseId: string;
  databaseEntityRef: string;
  componentRef: string;
  ownerRef: string;
  requestedBy: string;
  spec: DatabaseSpec;
  justification?: string;
  /** For a resize: the size before. */
  previousSize?: DatabaseSize;
  monthlyCostUsd: number;
  verdict: PolicyVerdict;
  status: DatabaseRequestStatus;
  /** A sentence about the current state, e.g. why it is retrying or failed. */
  statusMessage?: string;
  attempts: number;
  requestedAt: string;
  decidedAt?: string;
  decidedBy?: string;
  decisionComment?: string;
  completedAt?: string;
  /** Whether the caller may approve or reject it now. */
  canDecide: boolean;
};

export type DatabaseStatus =
  | 'provisioning'
  | 'active'
  | 'decommissioning'
  | 'decommissioned'
  | 'failed';

export type DatabaseHealth = {
  checkedAt: string;
  reachable: boolean;
  sizeBytes?: number;
  connections?: number;
  /** ok, unreachable, or over-class (bigger than its size class allows). */
  state: 'ok' | 'unreachable' | 'over-class';
  message?: string;
};

export type SizeClass = {
  size: DatabaseSize;
  title: string;
  description: string;
  monthlyCostUsd: number;
  storageGb: number;
  connectionLimit: number;
};

export type Database = {
  id: string;
  entityRef: string;
  spec: DatabaseSpec;
  ownerRef: string;
  componentRef: string;
  systemRef?: string;
  requestedBy: string;
  status: DatabaseStatus;
  monthlyCostUsd: number;
  sizeClass: SizeClass;
  health?: DatabaseHealth;
  /** During decommissioning: when it is dropped unless restored. */
  dropAfter?: string;
  createdAt: string;
  provisionedAt?: string;
  /** The open request for this database (creation awaiting approval, or a resize). */
  pendingRequestId?: string;
  /** What the caller may do with it. */
  allowed: {
    revealCredentials: boolean;
    rotate: boolean;
    resize: boolean;
    decommission: boolean;
  };
};

/** Returned only to members of the owning team, on an explicit reveal. */
export type DatabaseCredentials = {
  host: string;
  port: number;
  database: string;
  username: string;
  password: string;
  connectionString: string;
};

export type DatabaseAuditEntry = {
  id: number;
  at: string;
  actor: string;
  action: string;
  requestId?: string;
  message: string;
  verdict?: PolicyVerdict;
};

/** What the request form needs to offer choices: sizes with prices, regions, defaults. */
export type DatabaseOptions = {
  sizes: SizeClass[];
  regions: string[];
  environments: Array<{ environment: DatabaseEnvironment; available: boolean }>;
  highAvailabilityCostFactor: number;
  defaultBackupRetentionDays: number;
  decommissionGraceDays: number;
};

/** Cost of a database of a size class; high availability runs a standby at the same price. */
export function monthlyCostUsd(
  sizeClass: Pick<SizeClass, 'monthlyCostUsd'>,
  highAvailability: boolean,
  highAvailabilityCostFactor: number,
): number {
  return Math.round(
    sizeClass.monthlyCostUsd * (highAvailability ? highAvailabilityCostFactor : 1),
  );
}

/** The catalog Resource of a database: `resource:default/<name>-<environment>`. */
export function databaseEntityName(name: string, environment: string): string {
  return `${name.replace(/_/g, '-')}-${environment}`;
}
