import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';

/** Which program builds an entity's docs: our TypeScript generator, or MkDocs (stock TechDocs). */
export type TechdocsEngine = 'markdown' | 'mkdocs';

/** Entity annotation that picks the engine for one entity. */
export const TECHDOCS_ENGINE_ANNOTATION = 'backstage.io/techdocs-engine';

function asEngine(value: string | undefined): TechdocsEngine | undefined {
  return value === 'markdown' || value === 'mkdocs' ? value : undefined;
}

/** `techdocs.engine` from app-config, `markdown` when unset. */
export function readDefaultEngine(config: Config): TechdocsEngine {
  const value = config.getOptionalString('techdocs.engine');
  const engine = asEngine(value);
  if (value !== undefined && !engine) {
    throw new Error(
      `techdocs.engine is '${value}'; set it to 'markdown' or 'mkdocs'.`,
    );
  }
  return engine ?? 'markdown';
}

/** The engine an entity asks for with its annotation, or the portal's default. */
export function engineForEntity(
  entity: Entity,
  defaultEngine: TechdocsEngine,
): TechdocsEngine {
  return (
    asEngine(
      entity.metadata.annotations?.[TECHDOCS_ENGINE_ANNOTATION]?.trim(),
    ) ?? defaultEngine
  );
}

/**
 * Carries each entity's engine from the preparer, which sees the entity, to the generator,
 * which at this TechDocs version does not: the TechDocs backend prepares into a folder and then
 * generates from that same folder, so the folder is the key. A queue per folder keeps two builds
 * of the same folder apart.
 */
export class PreparedDirEngines {
  private readonly byDir = new Map<string, TechdocsEngine[]>();

  remember(preparedDir: string, engine: TechdocsEngine) {
    const queue = this.byDir.get(preparedDir) ?? [];
    queue.push(engine);
    this.byDir.set(preparedDir, queue);
  }

  take(preparedDir: string): TechdocsEngine | undefined {
    const queue = this.byDir.get(preparedDir);
    const engine = queue?.shift();
    if (queue && queue.length === 0) {
      this.byDir.delete(preparedDir);
    }
    return engine;
  }
}
