import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDS_ON,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityFacts, PlatformStore } from '../database/PlatformStore';
import { Clock, DAY_MS, epochDay } from '../lib/time';
import { CostModel } from './CostModel';

export const SOURCE_TEMPLATE_ANNOTATION = 'backstage.io/source-template';

const DOCS_ANNOTATIONS = ['backstage.io/techdocs-ref', 'backstage.io/techdocs-entity'];

/** Annotations that connect a component to a CI system's plugin. */
export const CI_ANNOTATIONS = [
  'github.com/project-slug',
  'gitlab.com/project-slug',
  'gitlab.com/project-id',
  'jenkins.io/job-full-name',
  'jenkins.io/github-folder',
  'circleci.com/project-slug',
  'buildkite.com/pipeline-slug',
  'dev.azure.com/project-repo',
];

export function lowerRef(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

export function refOf(entity: Entity): string {
  return lowerRef(stringifyEntityRef(entity));
}

function relationTargets(entity: Entity, type: string, kind?: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => lowerRef(r.targetRef))
    .filter(ref => !kind || ref.startsWith(`${kind}:`));
}

function ownerOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return lowerRef(
      stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ),
    );
  } catch {
    return undefined;
  }
}

function parentOf(entity: Entity): string | undefined {
  const parent = entity.spec?.parent;
  if (typeof parent !== 'string' || !parent) return undefined;
  return lowerRef(
    stringifyEntityRef(
      parseEntityRef(parent, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ),
  );
}

function titleOf(entity: Entity): string {
  const profile = (entity.spec as any)?.profile;
  return (
    entity.metadata.title ??
    (typeof profile?.displayName === 'string' ? profile.displayName : undefined) ??
    entity.metadata.name
  );
}

/**
 * Reads the catalog on a schedule: ownership, docs, CI, lifecycle and templates of
 * components, resources with their cost, groups and memberships; then writes the
 * day's coverage and cost per team for the trend lines.
 */
export class CatalogCollector {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly store: PlatformStore,
    private readonly costModel: CostModel,
    private readonly clock: Clock,
    private readonly logger: LoggerService,
  ) {}

  /** Facts about one entity, as the collector would record them. */
  factsOf(entity: Entity, knownOwners?: Set<string>): EntityFacts {
    const kind = entity.kind.toLocaleLowerCase('en-US');
    const annotations = entity.metadata.annotations ?? {};
    const owner = ownerOf(entity);
    const facts: EntityFacts = {
      entityRef: refOf(entity),
      kind,
      type: typeof entity.spec?.type === 'string' ? entity.spec.type : undefined,
      title: titleOf(entity),
      ownerRef: owner,
      parentRef: kind === 'group' ? parentOf(entity) : undefined,
      lifecycle: typeof entity.spec?.lifecycle === 'string' ? entity.spec.lifecycle : undefined,
      hasOwner: owner !== undefined && (knownOwners ? knownOwners.has(owner) : true),
      hasDocs: DOCS_ANNOTATIONS.some(a => Boolean(annotations[a])),
      hasCiAnnotation: CI_ANNOTATIONS.some(a => Boolean(annotations[a])),
      sourceTemplate: annotations[SOURCE_TEMPLATE_ANNOTATION]
        ? lowerRef(annotations[SOURCE_TEMPLATE_ANNOTATION])
        : undefined,
      dependsOn: relationTargets(entity, RELATION_DEPENDS_ON, 'resource'),
    };
    if (kind === 'resource') {
      const cost = this.costModel.costOf(entity);
      facts.monthlyCostUsd = cost.monthlyUsd;
      facts.costClass = cost.costClass;
      facts.costSource = cost.source;
    }
    return facts;
  }

  async collect(): Promise<{ entities: number }> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      {
        filter: [
          { kind: 'component' },
          { kind: 'resource' },
          { kind: 'group' },
          { kind: 'user' },
        ],
        fields: ['kind', 'metadata', 'spec', 'relations'],
      },
      { credentials },
    );
    if (items.length === 0) {
      // The catalog may not have read its locations yet; keep what we have.
      this.logger.info('The catalog has no entities yet; DevEx catalog facts not updated');
      return { entities: 0 };
    }
    const owners = new Set(
      items
        .filter(e => ['group', 'user'].includes(e.kind.toLocaleLowerCase('en-US')))
        .map(refOf),
    );
    const facts = items.map(e => this.factsOf(e, owners));
    const memberships = items
      .filter(e => e.kind.toLocaleLowerCase('en-US') === 'user')
      .flatMap(user =>
        relationTargets(user, RELATION_MEMBER_OF, 'group').map(groupRef => ({
          userRef: refOf(user),
          groupRef,
        })),
      );
    const now = this.clock.now().getTime();
    await this.store.syncEntities(facts, memberships, now);
    await this.store.snapshotCatalogDaily(epochDay(now), now - 90 * DAY_MS);
    return { entities: facts.length };
  }
}
