import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';

/** An entity read from a file, with where it came from. */
export interface EntityFromFile {
  entity: Entity;
  /** Absolute path of the file the entity was read from. */
  file: string;
}

/** What reading a source gave: the entities, and a sentence for each document skipped. */
export interface EntityFilesReadResult {
  entities: EntityFromFile[];
  problems: string[];
}

const ENTITY_FILE = /\.(ya?ml|json)$/i;

/**
 * Lists the entity files of a source: the file itself, or every `.yaml`, `.yml` and
 * `.json` file below a directory, in a stable order.
 */
export async function listEntityFiles(source: string): Promise<string[]> {
  const stat = await fs.stat(source).catch(error => {
    if (error.code === 'ENOENT') {
      throw new Error(
        `The entity source ${source} does not exist; create it or fix catalog.providers.entityFiles.`,
      );
    }
    throw error;
  });
  if (stat.isFile()) {
    return [source];
  }
  const files: string[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else if (entry.isFile() && ENTITY_FILE.test(entry.name)) {
        files.push(full);
      }
    }
  };
  await walk(source);
  return files;
}

/**
 * A cheap fingerprint of a source (paths, sizes and modification times), so an
 * unchanged source is not parsed again.
 */
export async function fingerprintEntityFiles(files: string[]): Promise<string> {
  const parts = await Promise.all(
    files.map(async file => {
      const stat = await fs.stat(file);
      return `${file}:${stat.size}:${stat.mtimeMs}`;
    }),
  );
  return parts.join('\n');
}

function isEntityShaped(value: unknown): value is Entity {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const candidate = value as Partial<Entity>;
  return (
    typeof candidate.apiVersion === 'string' &&
    typeof candidate.kind === 'string' &&
    !!candidate.metadata &&
    typeof candidate.metadata === 'object' &&
    typeof candidate.metadata.name === 'string'
  );
}

function parseDocuments(file: string, text: string): unknown[] {
  if (/\.json$/i.test(file)) {
    const parsed = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : [parsed];
  }
  // js-yaml rather than the catalog's `yaml` parser: it reads a 100,000-document file
  // an order of magnitude faster, and the catalog validates every entity anyway.
  return yaml.loadAll(text, undefined, { schema: yaml.CORE_SCHEMA });
}

/**
 * Reads every entity of the given files. Documents that are not entities, and later
 * duplicates of an entity ref, are skipped with a sentence in `problems`; a file that
 * cannot be parsed at all throws, so a broken export never removes what the catalog has.
 */
export async function readEntityFiles(
  files: string[],
): Promise<EntityFilesReadResult> {
  const entities: EntityFromFile[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8');
    let documents: unknown[];
    try {
      documents = parseDocuments(file, text);
    } catch (error) {
      throw new Error(
        `Could not parse ${file}: ${
          (error as Error).message.split('\n')[0]
        }. Fix the file; the catalog keeps the entities it has until then.`,
      );
    }
    documents.forEach((document, index) => {
      if (document === null || document === undefined) {
        return;
      }
      if (!isEntityShaped(document)) {
        problems.push(
          `Document ${
            index + 1
          } of ${file} is not an entity (it needs apiVersion, kind and metadata.name); skipped.`,
        );
        return;
      }
      const ref = stringifyEntityRef(document);
      const first = seen.get(ref);
      if (first) {
        problems.push(
          `${ref} appears again in document ${
            index + 1
          } of ${file} (first in ${first}); the later one is skipped.`,
        );
        return;
      }
      seen.set(ref, file);
      entities.push({ entity: document, file });
    });
  }
  return { entities, problems };
}
