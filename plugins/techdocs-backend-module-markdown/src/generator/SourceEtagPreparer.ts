import type { Entity } from '@backstage/catalog-model';
import { NotModifiedError } from '@backstage/errors';
import type {
  PreparerBase,
  PreparerOptions,
  PreparerResponse,
} from '@backstage/plugin-techdocs-node';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CollectingBuildLog } from '../site/BuildLog';
import { readMkdocsConfig } from '../config/readMkdocsConfig';

/**
 * The stock DirectoryPreparer gives local folders (`dir:` refs in file locations) an
 * empty etag, so every view rebuilds the site and the reader then shows "a newer
 * version of this documentation is available" although nothing changed. This wrapper
 * gives such folders an etag from the names, sizes and modification times of
 * mkdocs.yml and the docs folder, and answers "not modified" when it matches the
 * published site's, as the URL preparer does for remote trees.
 */
export class SourceEtagPreparer implements PreparerBase {
  constructor(private readonly inner: PreparerBase) {}

  async prepare(
    entity: Entity,
    options?: PreparerOptions,
  ): Promise<PreparerResponse> {
    const response = await this.inner.prepare(entity, options);
    if (response.etag) {
      return response;
    }
    const etag = await localSourceEtag(response.preparedDir);
    if (options?.etag && options.etag === etag) {
      throw new NotModifiedError(
        `The docs of ${entity.metadata.name} have not changed since they were built`,
      );
    }
    return { ...response, etag };
  }

  shouldCleanPreparedDirectory(): boolean {
    return this.inner.shouldCleanPreparedDirectory();
  }
}

/** A fingerprint of what a build reads: the MkDocs config and the docs folder. */
export async function localSourceEtag(inputDir: string): Promise<string> {
  const hash = createHash('sha256');
  const config = await readMkdocsConfig(inputDir, {
    log: new CollectingBuildLog(),
  });
  const files = config.configFile ? [config.configFile] : [];
  files.push(...(await listFiles(inputDir, config.docsDir)));
  for (const file of files.sort()) {
    const stat = await fs
      .stat(path.join(inputDir, file))
      .catch(() => undefined);
    hash.update(`${file}\0${stat?.size}\0${stat?.mtimeMs}\n`);
  }
  return `local-${hash.digest('hex').slice(0, 32)}`;
}

async function listFiles(root: string, dir: string): Promise<string[]> {
  const entries = await fs
    .readdir(path.join(root, dir), { withFileTypes: true })
    .catch(() => []);
  const nested = await Promise.all(
    entries.map(entry => {
      const relative = path.join(dir, entry.name);
      return entry.isDirectory() ? listFiles(root, relative) : [relative];
    }),
  );
  return nested.flat();
}
