import yaml from 'js-yaml';

/**
 * A value written with a YAML tag we do not know, such as `!!python/name:material.emoji.twemoji`
 * or `!include`. It is kept as inert data: nothing is imported, called or read because of it.
 */
export class UnknownYamlTag {
  constructor(readonly tag: string, readonly value: unknown) {}
}

function inertTag(kind: 'scalar' | 'sequence' | 'mapping') {
  return new yaml.Type('', {
    kind,
    multi: true,
    construct: (data: unknown, tag?: string) =>
      new UnknownYamlTag(tag ?? '', data),
  });
}

/**
 * js-yaml's default schema plus a catch-all for every other tag, so that an mkdocs.yml written
 * for Python (with `!!python/...` or `!ENV` tags) parses without executing or failing.
 */
export const MKDOCS_YAML_SCHEMA = yaml.DEFAULT_SCHEMA.extend([
  inertTag('scalar'),
  inertTag('sequence'),
  inertTag('mapping'),
]);

/** Paths to every unknown tag in a parsed document, e.g. `markdown_extensions[2].emoji_index`. */
export function findUnknownTags(
  value: unknown,
  path = '',
  found: Array<{ path: string; tag: string }> = [],
  budget = { nodes: 10000 },
): Array<{ path: string; tag: string }> {
  if (--budget.nodes < 0) {
    return found;
  }
  if (value instanceof UnknownYamlTag) {
    found.push({ path: path || '(root)', tag: value.tag });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) =>
      findUnknownTags(item, `${path}[${i}]`, found, budget),
    );
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      findUnknownTags(item, path ? `${path}.${key}` : key, found, budget);
    }
  }
  return found;
}
