import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import {
  fingerprintEntityFiles,
  listEntityFiles,
  readEntityFiles,
} from './readEntityFiles';

/**
 * The order in which entities are handed to the catalog: first those that point at
 * others, last those that many point at. The catalog processes new entities roughly in
 * the order they arrive and stitches an entity again whenever a relation to it appears;
 * a team processed after its components and people is stitched once with all its
 * relations instead of once per new relation.
 */
const KIND_ORDER = [
  'component',
  'resource',
  'api',
  'user',
  'system',
  'domain',
  'group',
];

function kindRank(entity: { kind: string }): number {
  const rank = KIND_ORDER.indexOf(entity.kind.toLowerCase());
  // Kinds not listed go between resources and APIs: they rarely have many incoming relations.
  return rank === -1 ? 1.5 : rank;
}

/** Entities per mutation while the first read after start-up is handed over. */
const INITIAL_CHUNK = 2000;

/** One configured source: a file, or a directory of entity files. */
export interface EntityFilesSource {
  /** Unique and stable: the catalog ties the source's entities to the provider name. */
  id: string;
  /** Absolute path of a file or directory. */
  path: string;
  /** Kinds the source may provide; entities of other kinds are skipped. */
  allowedKinds?: string[];
}

/** What one read of the source changed in the catalog. */
export interface EntityFilesRefreshResult {
  mutation: 'full' | 'delta' | 'none';
  added: number;
  removed: number;
  total: number;
}

/**
 * Feeds the entities of a file or directory (an HR export, a CMDB dump, a generated
 * organization) to the catalog as an entity provider.
 *
 * A `file` location puts one Location entity in the processing loop that re-reads and
 * re-parses the whole file on every processing interval, and writes its children one
 * by one. This provider reads the source on its own schedule, skips the read when no
 * file changed, and hands the catalog only what changed as a delta mutation: the
 * entities that are new or different, and the refs that disappeared. The first read
 * after start-up is a full mutation, so entities removed while the portal was down are
 * removed too; the catalog compares it with what it has, so unchanged entities are not
 * processed again.
 */
export class EntityFilesEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  /** Entity ref -> hash of what was last applied; undefined until the first full mutation. */
  private applied?: Map<string, string>;
  private lastFingerprint?: string;

  private constructor(
    private readonly source: EntityFilesSource,
    private readonly logger: LoggerService,
    private readonly taskRunner?: SchedulerServiceTaskRunner,
  ) {}

  static create(options: {
    source: EntityFilesSource;
    logger: LoggerService;
    /** Runs `refresh` on a schedule; leave it out to call `refresh` yourself. */
    taskRunner?: SchedulerServiceTaskRunner;
  }): EntityFilesEntityProvider {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(options.source.id)) {
      throw new Error(
        `The entity source id '${options.source.id}' must be lower-case letters, digits and dashes.`,
      );
    }
    return new EntityFilesEntityProvider(
      options.source,
      options.logger.child({
        entityProvider: `entity-files:${options.source.id}`,
      }),
      options.taskRunner,
    );
  }

  getProviderName(): string {
    return `entity-files:${this.source.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    if (!this.taskRunner) {
      return;
    }
    await this.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          // The catalog keeps the entities it has; say what to fix and try again next run.
          this.logger.error(
            `Did not update the catalog from ${this.source.path}: ${
              (error as Error).message
            }`,
          );
        }
      },
    });
  }

  /** Reads the source and applies what changed since the last read. */
  async refresh(): Promise<EntityFilesRefreshResult> {
    if (!this.connection) {
      throw new Error(
        `${this.getProviderName()} is not connected to the catalog yet.`,
      );
    }
    const files = await listEntityFiles(this.source.path);
    const fingerprint = await fingerprintEntityFiles(files);
    if (this.applied && fingerprint === this.lastFingerprint) {
      return {
        mutation: 'none',
        added: 0,
        removed: 0,
        total: this.applied.size,
      };
    }

    const { entities, problems } = await readEntityFiles(files);
    for (const problem of problems.slice(0, 20)) {
      this.logger.warn(problem);
    }
    if (problems.length > 20) {
      this.logger.warn(`${problems.length - 20} more documents were skipped.`);
    }

    const allowed = this.source.allowedKinds?.map(k => k.toLowerCase());
    const next = new Map<string, { deferred: DeferredEntity; hash: string }>();
    let disallowed = 0;
    for (const { entity, file } of entities) {
      if (allowed && !allowed.includes(entity.kind.toLowerCase())) {
        disallowed += 1;
        continue;
      }
      const deferred = this.toDeferred(entity, file);
      next.set(stringifyEntityRef(entity), {
        deferred,
        hash: createHash('sha1')
          .update(stableStringify(deferred.entity))
          .digest('hex'),
      });
    }
    if (disallowed) {
      this.logger.warn(
        `${disallowed} entities of kinds other than ${allowed!.join(
          ', ',
        )} were skipped.`,
      );
    }

    let result: EntityFilesRefreshResult;
    if (!this.applied) {
      // The first read after start-up ends with a full mutation, which removes what left
      // the source while the portal was down. A full mutation is one transaction, and at
      // 100,000 entities it takes minutes before the catalog may process anything; so
      // the entities go in first as delta mutations of INITIAL_CHUNK, which the catalog
      // starts processing right away, and the full mutation that follows only has to
      // find what to remove.
      const sorted = [...next.values()]
        .map(v => v.deferred)
        .sort((a, b) => kindRank(a.entity) - kindRank(b.entity));
      for (let i = 0; i < sorted.length; i += INITIAL_CHUNK) {
        await this.connection.applyMutation({
          type: 'delta',
          added: sorted.slice(i, i + INITIAL_CHUNK),
          removed: [],
        });
      }
      await this.connection.applyMutation({ type: 'full', entities: sorted });
      result = {
        mutation: 'full',
        added: next.size,
        removed: 0,
        total: next.size,
      };
    } else {
      const added: DeferredEntity[] = [];
      for (const [ref, { deferred, hash }] of next) {
        if (this.applied.get(ref) !== hash) {
          added.push(deferred);
        }
      }
      added.sort((a, b) => kindRank(a.entity) - kindRank(b.entity));
      const removed = [...this.applied.keys()]
        .filter(ref => !next.has(ref))
        .map(entityRef => ({ entityRef, locationKey: this.locationKey() }));
      if (added.length || removed.length) {
        await this.connection.applyMutation({ type: 'delta', added, removed });
      }
      result = {
        mutation: added.length || removed.length ? 'delta' : 'none',
        added: added.length,
        removed: removed.length,
        total: next.size,
      };
    }
    this.applied = new Map([...next].map(([ref, v]) => [ref, v.hash]));
    this.lastFingerprint = fingerprint;
    if (result.mutation !== 'none') {
      this.logger.info(
        `Applied a ${result.mutation} mutation from ${this.source.path}: ${result.added} added or changed, ${result.removed} removed, ${result.total} in total.`,
      );
    }
    return result;
  }

  private locationKey(): string {
    return this.getProviderName();
  }

  private toDeferred(entity: Entity, file: string): DeferredEntity {
    const location = `file:${file}`;
    return {
      locationKey: this.locationKey(),
      entity: {
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: {
            ...entity.metadata.annotations,
            [ANNOTATION_LOCATION]: location,
            [ANNOTATION_ORIGIN_LOCATION]: location,
          },
        },
      },
    };
  }
}
