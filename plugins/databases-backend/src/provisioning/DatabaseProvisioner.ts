/** Names and limits of one database's role and database on a target server. */
export type ProvisionTarget = {
  /** The portal's id of the database; marks what the portal made, so it never adopts or drops anything else. */
  databaseId: string;
  roleName: string;
  databaseName: string;
  connectionLimit: number;
};

/** What the monitor records about a database. */
export type DatabaseMeasurement = {
  reachable: boolean;
  sizeBytes?: number;
  connections?: number;
  message?: string;
};

/**
 * Creates and changes databases on one environment's server. Every method is idempotent:
 * the worker repeats a step after a crash, so a step that already happened must succeed
 * again without a second effect.
 */
export interface DatabaseProvisioner {
  readonly kind: 'postgres' | 'kubernetes';
  /** Host and port applications connect to. */
  endpoint(): Promise<{ host: string; port: number }>;
  /** Creates the login role with this SCRAM verifier, or brings an existing one of ours in line. */
  ensureRole(target: ProvisionTarget, verifier: string): Promise<void>;
  /** Creates the database owned by the role, unless it exists already. */
  ensureDatabase(target: ProvisionTarget): Promise<void>;
  /** Only the owning role may connect: revoke PUBLIC. */
  restrictAccess(target: ProvisionTarget): Promise<void>;
  setPassword(target: ProvisionTarget, verifier: string): Promise<void>;
  setConnectionLimit(target: ProvisionTarget): Promise<void>;
  /** Disabling also ends the role's open sessions. */
  setLogin(target: ProvisionTarget, enabled: boolean): Promise<void>;
  dropDatabase(target: ProvisionTarget): Promise<void>;
  dropRole(target: ProvisionTarget): Promise<void>;
  /** What exists of this database on the server (tests, orphan checks). */
  inspect(target: ProvisionTarget): Promise<{ roleExists: boolean; databaseExists: boolean }>;
  measure(target: ProvisionTarget): Promise<DatabaseMeasurement>;
  close(): Promise<void>;
}

/**
 * The server could not be reached or is not ready; the worker retries later. The message
 * is a sentence a developer can read and never contains a credential.
 */
export class TargetUnavailableError extends Error {
  name = 'TargetUnavailableError';
}

/**
 * The server refused in a way retrying cannot fix (a name taken by something the portal did
 * not make, a provisioning role without the needed rights).
 */
export class ProvisioningRefusedError extends Error {
  name = 'ProvisioningRefusedError';
}

/** The comment on roles and databases the portal made; how it recognizes its own. */
export function portalMarker(databaseId: string): string {
  return `wayfarer-portal database ${databaseId}`;
}
