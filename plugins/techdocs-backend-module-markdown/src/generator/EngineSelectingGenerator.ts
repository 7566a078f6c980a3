import type {
  GeneratorBase,
  GeneratorRunOptions,
} from '@backstage/plugin-techdocs-node';
import type { PreparedDirEngines, TechdocsEngine } from './techdocsEngine';

/**
 * The generator installed into the TechDocs backend: builds with the TypeScript generator unless
 * the entity (or `techdocs.engine`) chose MkDocs, in which case the stock TechdocsGenerator runs
 * (locally or in Docker, per `techdocs.generator.runIn`).
 */
export class EngineSelectingGenerator implements GeneratorBase {
  private mkdocs?: GeneratorBase;

  constructor(
    private readonly options: {
      markdown: GeneratorBase;
      /** Created on first use, so portals that never use MkDocs never configure it. */
      createMkdocs: () => GeneratorBase;
      engines: PreparedDirEngines;
      defaultEngine: TechdocsEngine;
    },
  ) {}

  async run(runOptions: GeneratorRunOptions): Promise<void> {
    const { engines, defaultEngine, markdown, createMkdocs } = this.options;
    const engine = engines.take(runOptions.inputDir) ?? defaultEngine;
    runOptions.logger.info(
      engine === 'mkdocs'
        ? 'Building with MkDocs (backstage.io/techdocs-engine: mkdocs).'
        : 'Building with the TypeScript markdown generator.',
    );
    if (engine === 'mkdocs') {
      this.mkdocs ??= createMkdocs();
      return this.mkdocs.run(runOptions);
    }
    return markdown.run(runOptions);
  }
}
