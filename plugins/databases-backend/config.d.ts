import { HumanDuration } from '@backstage/types';
import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

/** Where a database server is reached from the portal, and as whom. */
interface PostgresConnectionConfig {
  host: string;
  port?: number;
  /** A role with CREATEROLE and CREATEDB that is not a superuser; the portal refuses a superuser. */
  user: string;
  /** @visibility secret */
  password?: string;
  /** The maintenance database to connect to. Default: postgres. */
  database?: string;
  /** Use TLS (verify the server certificate). Default: false. */
  ssl?: boolean;
}

/** A Kubernetes API server, for the CloudNativePG provisioner and the Secret store. */
interface KubernetesClusterConfig {
  /** API server URL. Omit to use the in-cluster service account. */
  url?: string;
  /** @visibility secret */
  token?: string;
  /** @visibility secret */
  caData?: string;
  skipTLSVerify?: boolean;
  namespace: string;
}

export interface Config {
  databases?: {
    /**
     * Files or directories of CEL policies (policies/databases/*.yaml), relative to the
     * backend's working directory. Without any, every request is refused.
     */
    policy?: {
      files: string[];
    };

    /** Size classes and what each costs; defaults in the plugin README. */
    sizeClasses?: {
      [size: string]: {
        title?: string;
        description?: string;
        monthlyCostUsd: number;
        storageGb: number;
        connectionLimit: number;
      };
    };
    /** Cost multiplier of high availability (a standby). Default: 2. */
    highAvailabilityCostFactor?: number;
    /** Regions offered in the form; the first is the default. */
    regions?: string[];
    /** Backup retention offered by default, in days. Default: 7. */
    defaultBackupRetentionDays?: number;

    approval?: {
      /** Groups whose members approve requests that need a person. Default: group:default/platform-team. */
      groups?: string[];
    };

    /**
     * The server of each environment (development, staging, production). Without any, the
     * portal starts an embedded PostgreSQL under its data directory for all of them.
     */
    targets?: {
      [environment: string]: {
        /** postgres (default) or kubernetes (CloudNativePG). */
        provisioner?: 'postgres' | 'kubernetes';
        connection?: PostgresConnectionConfig;
        /** Host and port applications use, when not the ones the portal uses. */
        publicHost?: string;
        publicPort?: number;
        /** For the kubernetes provisioner: the CloudNativePG Cluster databases are created in. */
        clusterName?: string;
      };
    };

    /** The embedded PostgreSQL used when no target is configured. */
    embeddedPostgres?: {
      /** Default: true when no target is configured. */
      enabled?: boolean;
      /** Data directory. Default: $PORTAL_DATA_DIR/databases/postgres. */
      directory?: string;
      /** Port; when taken, a free one is used. Default: 54329. */
      port?: number;
    };

    /** A Kubernetes cluster, for the kubernetes provisioner and the kubernetes secret store. */
    kubernetes?: KubernetesClusterConfig;

    secrets?: {
      /** database (default: encrypted in the portal's database) or kubernetes (a Secret per database). */
      store?: 'database' | 'kubernetes';
      encryption?: {
        /**
         * AES-256 keys (32 bytes, base64). The first encrypts; all decrypt, so keys can be rotated.
         */
        keys?: Array<{
          id: string;
          /** @visibility secret */
          secret: string;
        }>;
        /** Local development: a key file created on first start when no keys are configured. */
        keyFile?: string;
      };
    };

    worker?: {
      /** How often unfinished requests are picked up (e.g. after a crash). Default: 10 seconds. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** How long one replica holds a request before another may take it over. Default: 30 seconds. */
      lease?: HumanDuration;
      /** Attempts before a request fails when its server cannot be reached. Default: 5. */
      maxAttempts?: number;
      /** Delay before the first retry; doubles each attempt. Default: 5 seconds. */
      retryDelay?: HumanDuration;
    };

    monitoring?: {
      /** How often each database's size, connections and reachability are recorded. Default: every minute. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };

    decommission?: {
      /** How long a decommissioned database can be restored before it is dropped. Default: 7 days. */
      gracePeriod?: HumanDuration;
    };
  };
}
