import type { Config } from '@backstage/config';
import {
  ScmIntegrations,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import type {
  GeneratorBase,
  GeneratorRunOptions,
} from '@backstage/plugin-techdocs-node';
import { buildSite } from '../site/buildSite';
import type { BuildLog } from '../site/BuildLog';
import { siteWorker } from '../site/SiteWorker';
import { repositoryDefaultsFor } from './repositoryDefaultsFor';

/**
 * The TechDocs generator that builds sites in-process with {@link buildSite}: no Python, no
 * Docker, nothing from the repository executed. Messages go to the build's logger, which the
 * TechDocs backend streams into the reader's build log.
 */
export class MarkdownTechdocsGenerator implements GeneratorBase {
  static fromConfig(config: Config): MarkdownTechdocsGenerator {
    // The second thread starts with the backend, so that the first build already uses it.
    void siteWorker.warmUp();
    return new MarkdownTechdocsGenerator(ScmIntegrations.fromConfig(config));
  }

  private constructor(
    private readonly scmIntegrations: ScmIntegrationRegistry,
  ) {}

  async run(options: GeneratorRunOptions): Promise<void> {
    const log: BuildLog = {
      info: message => options.logger.info(message),
      warn: message => options.logger.warn(message),
      debug: message => options.logger.debug(message),
    };
    const started = Date.now();
    const result = await buildSite({
      inputDir: options.inputDir,
      outputDir: options.outputDir,
      etag: options.etag,
      defaultSiteName: options.siteOptions?.name,
      repositoryDefaults: docsDir =>
        repositoryDefaultsFor(
          options.parsedLocationAnnotation,
          this.scmIntegrations,
          docsDir,
        ),
      log,
    });
    log.info(
      `Generated ${
        result.pages.length
      } pages with the TypeScript generator in ${Date.now() - started} ms.`,
    );
  }
}
