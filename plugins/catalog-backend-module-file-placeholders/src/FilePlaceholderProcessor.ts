import { Entity } from '@backstage/catalog-model';
import { CatalogProcessor, LocationSpec } from '@backstage/plugin-catalog-node';
import { readFile, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import YAML from 'yaml';

type JsonValue = unknown;

const PARSERS: Record<string, (content: string) => JsonValue> = {
  text: content => content,
  json: content => JSON.parse(content),
  yaml: content => YAML.parse(content),
};

/** Whether some object in `data` is a placeholder this processor resolves. */
function containsPlaceholder(data: JsonValue): boolean {
  if (Array.isArray(data)) {
    return data.some(containsPlaceholder);
  }
  if (!data || typeof data !== 'object') {
    return false;
  }
  const keys = Object.keys(data);
  if (
    keys.length === 1 &&
    keys[0].startsWith('$') &&
    PARSERS[keys[0].slice(1)]
  ) {
    return true;
  }
  return Object.values(data).some(containsPlaceholder);
}

/**
 * The stock placeholder processor resolves `$text: ./openapi.yaml` against URL
 * locations only; for a `file` location it cannot form a URL and rejects the entity.
 * This processor runs first (lower priority number) and resolves such placeholders
 * for file locations, relative to the entity's file and confined to its folder, so a
 * catalog file cannot read anything outside the tree it lives in.
 */
export class FilePlaceholderProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'FilePlaceholderProcessor';
  }

  getPriority(): number {
    return 10;
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
  ): Promise<Entity> {
    // Most entities have no placeholder; bulk sources hand the catalog thousands of them,
    // so those skip the file system and the asynchronous walk.
    if (location.type !== 'file' || !containsPlaceholder(entity)) {
      return entity;
    }
    const baseDir = await realpath(dirname(location.target));
    return (await this.resolveIn(entity, baseDir)) as Entity;
  }

  private async resolveIn(
    data: JsonValue,
    baseDir: string,
  ): Promise<JsonValue> {
    if (Array.isArray(data)) {
      return Promise.all(data.map(item => this.resolveIn(item, baseDir)));
    }
    if (!data || typeof data !== 'object') {
      return data;
    }
    const entries = Object.entries(data as Record<string, JsonValue>);
    if (entries.length === 1 && entries[0][0].startsWith('$')) {
      const [key, value] = entries[0];
      const parse = PARSERS[key.slice(1)];
      if (parse) {
        return this.readPlaceholder(key, value, baseDir, parse);
      }
    }
    const resolved = await Promise.all(
      entries.map(async ([k, v]) => [k, await this.resolveIn(v, baseDir)]),
    );
    return Object.fromEntries(resolved);
  }

  private async readPlaceholder(
    key: string,
    value: JsonValue,
    baseDir: string,
    parse: (content: string) => JsonValue,
  ): Promise<JsonValue> {
    if (typeof value !== 'string' || /^[a-z][a-z0-9+.-]*:/i.test(value)) {
      throw new Error(
        `Placeholder ${key} in a file location must be a relative path to a file beside the entity, got ${JSON.stringify(
          value,
        )}`,
      );
    }
    if (isAbsolute(value)) {
      throw new Error(
        `Placeholder ${key} must be a relative path, not the absolute path ${value}`,
      );
    }
    let target: string;
    try {
      target = await realpath(resolve(baseDir, value));
    } catch {
      throw new Error(
        `Placeholder ${key} refers to ${value}, which does not exist`,
      );
    }
    const inside = relative(baseDir, target);
    if (
      inside.startsWith(`..${sep}`) ||
      inside === '..' ||
      isAbsolute(inside)
    ) {
      throw new Error(
        `Placeholder ${key} refers to ${value}, which is outside the entity's folder`,
      );
    }
    const content = await readFile(target, 'utf8');
    try {
      return parse(content);
    } catch (error) {
      throw new Error(`Placeholder ${key} could not parse ${value}: ${error}`);
    }
  }
}
