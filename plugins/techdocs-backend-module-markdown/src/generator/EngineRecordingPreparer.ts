import type { Entity } from '@backstage/catalog-model';
import type {
  PreparerBase,
  PreparerOptions,
  PreparerResponse,
} from '@backstage/plugin-techdocs-node';
import {
  engineForEntity,
  type PreparedDirEngines,
  type TechdocsEngine,
} from './techdocsEngine';

/**
 * Wraps a stock preparer (DirectoryPreparer for `dir:`, UrlPreparer for `url:`) without changing
 * what it does, and notes which engine the entity asked for against the folder it prepared.
 */
export class EngineRecordingPreparer implements PreparerBase {
  constructor(
    private readonly inner: PreparerBase,
    private readonly engines: PreparedDirEngines,
    private readonly defaultEngine: TechdocsEngine,
  ) {}

  async prepare(
    entity: Entity,
    options?: PreparerOptions,
  ): Promise<PreparerResponse> {
    const response = await this.inner.prepare(entity, options);
    this.engines.remember(
      response.preparedDir,
      engineForEntity(entity, this.defaultEngine),
    );
    return response;
  }

  shouldCleanPreparedDirectory(): boolean {
    return this.inner.shouldCleanPreparedDirectory();
  }
}
