import yaml from 'js-yaml';
import { MKDOCS_YAML_SCHEMA } from '../config/mkdocsYamlSchema';

/** Splits YAML front matter (MkDocs' `meta`) from the markdown; parses it with the inert schema. */
export function extractFrontMatter(source: string): {
  meta: Record<string, unknown>;
  body: string;
} {
  const match =
    /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(
      source,
    );
  if (!match) {
    return { meta: {}, body: source };
  }
  try {
    const meta = yaml.load(match[1], { schema: MKDOCS_YAML_SCHEMA });
    if (meta && typeof meta === 'object' && !Array.isArray(meta)) {
      return {
        meta: meta as Record<string, unknown>,
        body: source.slice(match[0].length),
      };
    }
  } catch {
    // Not YAML after all: MkDocs renders it as markdown, and so do we.
  }
  return { meta: {}, body: source };
}

// pymdownx.snippets, single-line form: --8<-- "path/to/file.md"
const SNIPPET_LINE =
  /^([ \t]*)-{1,}8<-{1,}[ \t]+(?:"([^"]+)"|'([^']+)'|(\S+))[ \t]*$/gm;
const MAX_INCLUDE_DEPTH = 4;

/**
 * Replaces `--8<-- "file"` lines with the file's text (pymdownx.snippets). Files are named
 * relative to the docs folder and read through `readInside`, which refuses anything outside it.
 */
export async function expandSnippets(
  source: string,
  readInside: (srcPath: string) => Promise<string | undefined>,
  depth = 0,
): Promise<string> {
  if (depth >= MAX_INCLUDE_DEPTH || !source.includes('8<')) {
    return source;
  }
  const matches = [...source.matchAll(SNIPPET_LINE)];
  if (matches.length === 0) {
    return source;
  }
  let result = '';
  let last = 0;
  for (const match of matches) {
    const [line, indent, doubleQuoted, singleQuoted, bare] = match;
    const name = doubleQuoted ?? singleQuoted ?? bare;
    const included = await readInside(name);
    const expanded =
      included === undefined
        ? ''
        : await expandSnippets(included, readInside, depth + 1);
    result += source.slice(last, match.index);
    result += expanded
      .replace(/\r?\n$/, '')
      .split(/\r?\n/)
      .map(l => (l ? indent + l : l))
      .join('\n');
    last = match.index! + line.length;
  }
  return result + source.slice(last);
}
