import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type MarkdownIt from 'markdown-it';
import { readMkdocsConfig, type SiteConfig } from '../config/readMkdocsConfig';
import { createMarkdownRenderer } from '../markdown/createMarkdownRenderer';
import {
  expandSnippets,
  extractFrontMatter,
} from '../markdown/preprocessMarkdown';
import { renderPage } from '../markdown/renderPage';
import type { BuildLog } from './BuildLog';
import { buildNavigation, pagesInNavOrder } from './buildNavigation';
import { buildSearchIndex } from './buildSearchIndex';
import { DocsFolder } from './DocsFolder';
import { renderPageLayout } from './renderPageLayout';
import {
  resolveDocsLink,
  urlScheme,
  type LinkContext,
} from './resolveDocsLink';
import { pageUrlFor, type SitePage, titleFromFileName } from './SitePage';
import { siteStylesheet } from './siteStylesheet';

export interface BuildSiteOptions {
  /** The folder holding mkdocs.yml (the prepared repository or sub folder). */
  inputDir: string;
  /** An empty folder to write the site into. */
  outputDir: string;
  log: BuildLog;
  /** Stored in techdocs_metadata.json so the backend can skip unchanged rebuilds. */
  etag?: string;
  /** site_name when mkdocs.yml has none (the entity's title). */
  defaultSiteName?: string;
  /**
   * repo_url/edit_uri from the entity's source location, used when mkdocs.yml has none (as the
   * stock generator patches them in). Receives docs_dir.
   */
  repositoryDefaults?: (docsDir: string) => RepositoryDefaults;
}

export interface RepositoryDefaults {
  repoUrl?: string;
  editUri?: string;
}

export interface BuildSiteResult {
  config: SiteConfig;
  pages: SitePage[];
  /** Every file written, relative to outputDir. */
  files: string[];
}

let renderer: MarkdownIt | undefined;

const MAX_PAGE_BYTES = 5 * 1024 * 1024;
const SLICE_MS = 20;

/** MkDocs' default edit_uri for well-known hosts when only repo_url is given. */
function defaultEditUri(repoUrl: string, docsDir: string): string | undefined {
  let host: string;
  try {
    host = new URL(repoUrl).host;
  } catch {
    return undefined;
  }
  const dir = docsDir.replace(/^\.\//, '').replace(/\/$/, '');
  if (host === 'github.com' || host === 'gitlab.com')
    return `edit/master/${dir}/`;
  if (host === 'bitbucket.org') return `src/default/${dir}/`;
  return undefined;
}

function editUrlFor(
  config: SiteConfig,
  defaults: RepositoryDefaults | undefined,
  srcPath: string,
): string | undefined {
  const repoUrl = config.repoUrl ?? defaults?.repoUrl;
  let editUri =
    config.editUri ??
    (config.repoUrl ? undefined : defaults?.editUri) ??
    (repoUrl ? defaultEditUri(repoUrl, config.docsDir) : undefined);
  if (!editUri) {
    return undefined;
  }
  // MkDocs' EditURI option appends the slash a folder URL needs.
  if (!editUri.endsWith('/') && !/[?#]/.test(editUri)) {
    editUri += '/';
  }
  try {
    const base = repoUrl
      ? repoUrl.endsWith('/')
        ? repoUrl
        : `${repoUrl}/`
      : undefined;
    const url = new URL(editUri + srcPath, base);
    return ['http', 'https'].includes(urlScheme(url.href) ?? '')
      ? url.href
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The build is synchronous work: rendering, and file system calls made directly rather than
 * through the thread pool (for a site's many small files that costs less, and much less when the
 * machine is busy). In the backend it runs in slices of a few milliseconds, and other requests
 * are served in between.
 */
class TimeSlices {
  private start = performance.now();

  /** Yields to the event loop when the current slice is used up. */
  async next(): Promise<void> {
    if (performance.now() - this.start > SLICE_MS) {
      await new Promise(resolve => setImmediate(resolve));
      this.start = performance.now();
    }
  }
}

/**
 * Builds a TechDocs site from a docs folder: one `index.html` per page in mkdocs-material's
 * markup, the folder's other files (images...) copied, `search/search_index.json` and
 * `techdocs_metadata.json`. Reads nothing outside the docs folder and runs nothing from it.
 */
export async function buildSite(
  options: BuildSiteOptions,
): Promise<BuildSiteResult> {
  const { log, outputDir } = options;
  renderer ??= createMarkdownRenderer();
  const md = renderer;

  const config = await readMkdocsConfig(options.inputDir, {
    defaultSiteName: options.defaultSiteName,
    log,
  });
  const docs = await DocsFolder.open(options.inputDir, config.docsDir, log);
  const files = await docs.listFiles();

  const markdownFiles = files.filter(file => /\.md$/i.test(file.srcPath));
  // README.md stands in for index.md only where there is no index.md (as in MkDocs).
  const srcPaths = new Set(markdownFiles.map(f => f.srcPath));
  const pageFiles = markdownFiles.filter(file => {
    const dir = path.posix.dirname(file.srcPath);
    const indexPath = dir === '.' ? 'index.md' : `${dir}/index.md`;
    if (
      path.posix.basename(file.srcPath) === 'README.md' &&
      srcPaths.has(indexPath)
    ) {
      log.warn(
        `${file.srcPath} was skipped because ${indexPath} is the index of that folder.`,
      );
      return false;
    }
    return true;
  });
  const assetFiles = files.filter(file => !/\.md$/i.test(file.srcPath));

  const urlsBySrcPath = new Map<string, string>();
  for (const file of pageFiles)
    urlsBySrcPath.set(file.srcPath, pageUrlFor(file.srcPath).url);
  for (const file of assetFiles) urlsBySrcPath.set(file.srcPath, file.srcPath);

  // Pages are read and rendered one after the other, in srcPath order, so that warnings come in
  // a stable order.
  pageFiles.sort((a, b) => (a.srcPath < b.srcPath ? -1 : 1));
  const pages: SitePage[] = [];
  const slices = new TimeSlices();
  for (const file of pageFiles) {
    await slices.next();
    let source = '';
    if (statSync(file.absolutePath).size > MAX_PAGE_BYTES) {
      log.warn(
        `${file.srcPath} is larger than 5 MB and was built as an empty page.`,
      );
    } else {
      source = readFileSync(file.absolutePath, 'utf8');
    }
    const { meta, body } = extractFrontMatter(source);
    const expanded = await expandSnippets(body, name =>
      docs.readInside(name, file.srcPath),
    );
    const { url, destPath } = pageUrlFor(file.srcPath);
    const context: LinkContext = {
      pageSrcPath: file.srcPath,
      pageUrl: url,
      urlsBySrcPath,
    };
    const rendered = renderPage(md, expanded, {
      rewriteUrl: (value, warn) => {
        const result = resolveDocsLink(value, context);
        switch (result.action) {
          case 'refuse':
            warn(`${result.reason}; it was removed.`);
            return undefined;
          case 'missing':
            warn(`'${value}' does not match a file in the docs folder.`);
            return result.url;
          default:
            return result.url;
        }
      },
      warn: message => log.warn(`${file.srcPath}: ${message}`),
    });

    const firstH1 = rendered.headings.find(h => h.level === 1)?.title;
    const title =
      (typeof meta.title === 'string' ? meta.title : undefined) ??
      firstH1 ??
      titleFromFileName(file.srcPath);
    pages.push({
      srcPath: file.srcPath,
      url,
      destPath,
      title,
      html: rendered.html,
      headings: rendered.headings,
    });
  }

  const nav = buildNavigation(config.nav, pages, log);
  const titled = new Set<SitePage>();
  const applyNavTitles = (items: typeof nav) =>
    items.forEach(item => {
      if (item.kind === 'page' && !titled.has(item.page)) {
        titled.add(item.page);
        item.page.title = item.title;
      } else if (item.kind === 'section') {
        applyNavTitles(item.children);
      }
    });
  applyNavTitles(nav);
  const reading = pagesInNavOrder(nav);

  const repositoryDefaults = options.repositoryDefaults?.(config.docsDir);
  const stylesheet = siteStylesheet();
  const written: string[] = [];
  const metadataFile = 'techdocs_metadata.json';
  const searchIndexFile = 'search/search_index.json';

  // Every folder of the output is created up front, once, parents before children.
  const folders = new Set<string>();
  for (const relative of [
    ...pages.map(page => page.destPath),
    ...assetFiles.map(file => file.srcPath),
    stylesheet.fileName,
    searchIndexFile,
  ]) {
    for (
      let dir = path.posix.dirname(relative);
      dir !== '.' && !folders.has(dir);
      dir = path.posix.dirname(dir)
    ) {
      folders.add(dir);
    }
  }
  for (const dir of [...folders].sort(
    (a, b) => a.split('/').length - b.split('/').length,
  )) {
    try {
      mkdirSync(path.join(outputDir, dir));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
  }
  const writeFile = (relative: string, content: string | Buffer) => {
    writeFileSync(path.join(outputDir, relative), content);
    written.push(relative);
  };

  const positions = new Map(reading.map((page, i) => [page, i]));
  for (const page of pages) {
    await slices.next();
    const position = positions.get(page) ?? -1;
    writeFile(
      page.destPath,
      renderPageLayout({
        siteName: config.siteName,
        siteDescription: config.siteDescription,
        page,
        nav,
        previous: position > 0 ? reading[position - 1] : undefined,
        next: position >= 0 ? reading[position + 1] : undefined,
        editUrl: editUrlFor(config, repositoryDefaults, page.srcPath),
        stylesheetPath: stylesheet.fileName,
        copyright: config.copyright,
      }),
    );
  }
  for (const file of assetFiles) {
    await slices.next();
    writeFile(file.srcPath, readFileSync(file.absolutePath));
  }
  writeFile(stylesheet.fileName, stylesheet.content);
  await slices.next();
  writeFile(searchIndexFile, JSON.stringify(buildSearchIndex(pages)));
  if (!pages.some(page => page.url === '')) {
    log.warn(
      'The docs folder has no index.md (or README.md); TechDocs opens index.html first, so add one.',
    );
  }

  const metadata = {
    site_name: config.siteName,
    site_description: config.siteDescription,
    build_timestamp: Date.now(),
    files: [...written, metadataFile].sort(),
    ...(options.etag ? { etag: options.etag } : {}),
  };
  writeFile(metadataFile, JSON.stringify(metadata));
  log.info(
    `Built ${pages.length} pages and copied ${assetFiles.length} other files from ${config.docsDir}/.`,
  );
  return { config, pages, files: written.sort() };
}
