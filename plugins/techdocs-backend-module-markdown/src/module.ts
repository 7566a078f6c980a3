import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  DirectoryPreparer,
  TechdocsGenerator,
  techdocsGeneratorExtensionPoint,
  techdocsPreparerExtensionPoint,
  UrlPreparer,
} from '@backstage/plugin-techdocs-node';
import { EngineRecordingPreparer } from './generator/EngineRecordingPreparer';
import { EngineSelectingGenerator } from './generator/EngineSelectingGenerator';
import { SourceEtagPreparer } from './generator/SourceEtagPreparer';
import { MarkdownTechdocsGenerator } from './generator/MarkdownTechdocsGenerator';
import {
  PreparedDirEngines,
  readDefaultEngine,
} from './generator/techdocsEngine';

/**
 * Makes the TypeScript markdown generator the portal's TechDocs generator, keeping MkDocs for
 * entities annotated `backstage.io/techdocs-engine: mkdocs` (or all, with `techdocs.engine`).
 */
export const techdocsModuleMarkdown = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'markdown',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        urlReader: coreServices.urlReader,
        generators: techdocsGeneratorExtensionPoint,
        preparers: techdocsPreparerExtensionPoint,
      },
      async init({ config, logger, urlReader, generators, preparers }) {
        const defaultEngine = readDefaultEngine(config);
        const engines = new PreparedDirEngines();
        const preparerOptions = { logger, reader: urlReader };
        preparers.registerPreparer(
          'dir',
          new EngineRecordingPreparer(
            new SourceEtagPreparer(
              DirectoryPreparer.fromConfig(config, preparerOptions),
            ),
            engines,
            defaultEngine,
          ),
        );
        preparers.registerPreparer(
          'url',
          new EngineRecordingPreparer(
            UrlPreparer.fromConfig(preparerOptions),
            engines,
            defaultEngine,
          ),
        );
        const generator = new EngineSelectingGenerator({
          markdown: MarkdownTechdocsGenerator.fromConfig(config),
          createMkdocs: () => TechdocsGenerator.fromConfig(config, { logger }),
          engines,
          defaultEngine,
        });
        // The extension point is typed with the TechdocsGenerator class, but the backend only
        // calls run() (GeneratorBase).
        generators.setTechdocsGenerator(
          generator as unknown as TechdocsGenerator,
        );
        logger.info(
          `TechDocs builds with the '${defaultEngine}' engine by default.`,
        );
      },
    });
  },
});
