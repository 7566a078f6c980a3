import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import type { BuildLog } from '../site/BuildLog';
import {
  findUnknownTags,
  MKDOCS_YAML_SCHEMA,
  UnknownYamlTag,
} from './mkdocsYamlSchema';

/** What we take from mkdocs.yml. Everything else in it is ignored. */
export interface SiteConfig {
  siteName: string;
  siteDescription: string;
  /** docs_dir as written, relative to the folder of mkdocs.yml. */
  docsDir: string;
  nav?: unknown[];
  repoUrl?: string;
  editUri?: string;
  copyright?: string;
  /** The file name we read, or undefined when the folder has no mkdocs.yml. */
  configFile?: string;
}

// Markdown features this generator provides itself (techdocs-core turns them on for MkDocs);
// naming them in mkdocs.yml is fine and changes nothing.
const BUILT_IN_EXTENSIONS = new Set([
  'abbr',
  'admonition',
  'attr_list',
  'codehilite',
  'def_list',
  'extra',
  'fenced_code',
  'footnotes',
  'md_in_html',
  'meta',
  'nl2br',
  'sane_lists',
  'tables',
  'toc',
  'markdown.extensions.admonition',
  'markdown.extensions.toc',
  'markdown.extensions.tables',
  'markdown.extensions.footnotes',
  'pymdownx.details',
  'pymdownx.highlight',
  'pymdownx.inlinehilite',
  'pymdownx.snippets',
  'pymdownx.superfences',
  'pymdownx.tabbed',
  'pymdownx.tasklist',
  'mdx_truly_sane_lists',
]);

// Plugins whose job this generator does itself, or that only matter to MkDocs' own theme.
const BUILT_IN_PLUGINS = new Set([
  'techdocs-core',
  'search',
  'material/search',
]);

const CONFIG_FILE_NAMES = ['mkdocs.yml', 'mkdocs.yaml'];

function entryNames(list: unknown): Array<string | undefined> {
  if (list instanceof UnknownYamlTag) {
    return [undefined];
  }
  if (Array.isArray(list)) {
    return list.map(item => {
      if (typeof item === 'string') return item;
      if (
        item &&
        typeof item === 'object' &&
        !(item instanceof UnknownYamlTag)
      ) {
        return Object.keys(item)[0];
      }
      return undefined;
    });
  }
  if (list && typeof list === 'object') {
    return Object.keys(list);
  }
  return [];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads mkdocs.yml (or mkdocs.yaml) from `inputDir` without trusting it: YAML tags stay inert,
 * hooks, plugins and markdown extensions we do not provide are ignored with a warning, and a
 * config file that is a symlink leading out of `inputDir` is refused.
 */
export async function readMkdocsConfig(
  inputDir: string,
  options: { defaultSiteName?: string; log: BuildLog },
): Promise<SiteConfig> {
  const { log } = options;
  const defaults: SiteConfig = {
    siteName: options.defaultSiteName ?? 'Documentation Site',
    siteDescription: '',
    docsDir: 'docs',
  };

  const realInputDir = await fs.realpath(inputDir);
  let configFile: string | undefined;
  let source: string | undefined;
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(inputDir, name);
    const real = await fs.realpath(candidate).catch(() => undefined);
    if (!real) {
      continue;
    }
    if (!isInside(realInputDir, real)) {
      log.warn(
        `${name} is a link to a file outside the documentation folder; it was ignored. Put the MkDocs configuration in the repository itself.`,
      );
      continue;
    }
    configFile = name;
    source = await fs.readFile(real, 'utf8');
    break;
  }
  if (source === undefined) {
    log.info(
      'No mkdocs.yml found; building the docs/ folder with default settings.',
    );
    return defaults;
  }

  let parsed: unknown;
  try {
    parsed = yaml.load(source, { schema: MKDOCS_YAML_SCHEMA, json: true });
  } catch (error) {
    throw new Error(
      `${configFile} is not valid YAML: ${
        (error as Error).message
      }. Fix the file and build again.`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    log.warn(
      `${configFile} is empty or not a mapping; using default settings.`,
    );
    return { ...defaults, configFile };
  }
  const raw = parsed as Record<string, unknown>;

  for (const { path: at, tag } of findUnknownTags(raw)) {
    log.warn(
      `${configFile}: the YAML tag ${tag} at ${at} was read as plain data; nothing it names is loaded or run.`,
    );
  }
  if (raw.hooks !== undefined) {
    log.warn(
      `${configFile}: 'hooks' are Python code from the repository and are never run here; they were ignored.`,
    );
  }
  for (const name of entryNames(raw.plugins)) {
    if (name === undefined) {
      log.warn(
        `${configFile}: a plugin entry that is not a plain name was ignored.`,
      );
    } else if (!BUILT_IN_PLUGINS.has(name)) {
      log.warn(
        `${configFile}: the MkDocs plugin '${name}' is not run by the TypeScript generator and was ignored. Set the annotation backstage.io/techdocs-engine: mkdocs to build this site with MkDocs instead.`,
      );
    }
  }
  for (const name of entryNames(raw.markdown_extensions)) {
    if (name === undefined) {
      log.warn(
        `${configFile}: a markdown extension entry that is not a plain name was ignored.`,
      );
    } else if (!BUILT_IN_EXTENSIONS.has(name)) {
      log.warn(
        `${configFile}: the markdown extension '${name}' is not supported by the TypeScript generator and was ignored.`,
      );
    }
  }
  for (const key of ['extra_javascript', 'extra_css', 'custom_dir']) {
    if (raw[key] !== undefined) {
      log.warn(
        `${configFile}: '${key}' was ignored; the TechDocs reader does not load a site's own scripts or styles.`,
      );
    }
  }

  let docsDir = defaults.docsDir;
  if (raw.docs_dir !== undefined) {
    if (typeof raw.docs_dir === 'string' && raw.docs_dir.trim() !== '') {
      docsDir = raw.docs_dir;
    } else {
      log.warn(`${configFile}: docs_dir is not a path; using 'docs'.`);
    }
  }

  let nav: unknown[] | undefined;
  if (Array.isArray(raw.nav)) {
    nav = raw.nav;
  } else if (raw.nav !== undefined) {
    log.warn(
      `${configFile}: nav is not a list; navigation follows the folder tree instead.`,
    );
  }

  return {
    siteName: optionalString(raw.site_name) ?? defaults.siteName,
    siteDescription: optionalString(raw.site_description) ?? '',
    docsDir,
    nav,
    repoUrl: optionalString(raw.repo_url),
    editUri: optionalString(raw.edit_uri),
    copyright: optionalString(raw.copyright),
    configFile,
  };
}

/** True when `child` is `parent` or lies below it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (relative !== '..' &&
      !relative.startsWith(`..${path.sep}`) &&
      !path.isAbsolute(relative))
  );
}
