import path from 'node:path';
import { readMkdocsConfig, type SiteConfig } from '../config/readMkdocsConfig';
import type { BuildLog } from './BuildLog';
import {
  buildNavigation,
  type NavItem,
  pagesInNavOrder,
} from './buildNavigation';
import { buildSearchIndex } from './buildSearchIndex';
import { DocsFolder, type DocsFile } from './DocsFolder';
import { renderPageLayout } from './renderPageLayout';
import type { RenderedSitePage } from './renderSitePage';
import { urlScheme } from './resolveDocsLink';
import { SiteFileWriter } from './SiteFileWriter';
import { pageUrlFor, type SitePage } from './SitePage';
import { siteWorker } from './SiteWorker';
import { runSiteWorkerTask } from './siteWorkerTasks';
import { TimeSlices } from './TimeSlices';
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

/** Below this many pages a site renders on the calling thread alone. */
const PAGES_WORTH_SHARING = 4;

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
 * Renders the pages on two threads: the site worker takes one page in four (it also makes the
 * folders and writes the files, which costs it as much as rendering half the pages; measured
 * best of 0, 15, 25, 35 and 45 %), this thread the rest. Warnings are reported in srcPath order, as
 * if one thread had rendered every page.
 */
async function renderPages(
  inputDir: string,
  docsDir: string,
  pageFiles: DocsFile[],
  urlsBySrcPath: Map<string, string>,
  log: BuildLog,
): Promise<SitePage[]> {
  const sorted = [...pageFiles].sort((a, b) =>
    a.srcPath < b.srcPath ? -1 : 1,
  );
  const shared = sorted.length >= PAGES_WORTH_SHARING;
  const toWorker = (i: number) => shared && i % 4 === 2;
  const task = (files: DocsFile[]) => ({
    kind: 'render' as const,
    inputDir,
    docsDir,
    files,
    urlsBySrcPath,
  });
  const [theirs, ours] = await Promise.all([
    siteWorker.run(task(sorted.filter((_, i) => toWorker(i)))),
    runSiteWorkerTask(task(sorted.filter((_, i) => !toWorker(i)))),
  ]);
  const bySrcPath = new Map<string, RenderedSitePage>();
  for (const rendered of [...(theirs ?? []), ...(ours ?? [])]) {
    bySrcPath.set(rendered.page.srcPath, rendered);
  }
  return sorted.map(file => {
    const { page, warnings } = bySrcPath.get(file.srcPath)!;
    warnings.forEach(message => log.warn(message));
    return page;
  });
}

/** The pages of the docs folder: every markdown file, README.md only where no index.md is. */
function pageFilesOf(markdownFiles: DocsFile[], log: BuildLog): DocsFile[] {
  const srcPaths = new Set(markdownFiles.map(f => f.srcPath));
  return markdownFiles.filter(file => {
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
}

/** Gives each page the title nav gives it (the first nav entry of a page wins). */
function applyNavTitles(nav: NavItem[], titled = new Set<SitePage>()): void {
  for (const item of nav) {
    if (item.kind === 'page' && !titled.has(item.page)) {
      titled.add(item.page);
      item.page.title = item.title;
    } else if (item.kind === 'section') {
      applyNavTitles(item.children, titled);
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

  const config = await readMkdocsConfig(options.inputDir, {
    defaultSiteName: options.defaultSiteName,
    log,
  });
  const docs = await DocsFolder.open(options.inputDir, config.docsDir, log);
  const files = await docs.listFiles();
  const pageFiles = pageFilesOf(
    files.filter(file => /\.md$/i.test(file.srcPath)),
    log,
  );
  const assetFiles = files.filter(file => !/\.md$/i.test(file.srcPath));

  const urlsBySrcPath = new Map<string, string>();
  for (const file of pageFiles)
    urlsBySrcPath.set(file.srcPath, pageUrlFor(file.srcPath).url);
  for (const file of assetFiles) urlsBySrcPath.set(file.srcPath, file.srcPath);

  // The worker's share of the pages is sent first; folders, copies and the stylesheet are
  // written after it, while this thread renders its share.
  const rendering = renderPages(
    options.inputDir,
    config.docsDir,
    pageFiles,
    urlsBySrcPath,
    log,
  );
  const stylesheet = siteStylesheet();
  const metadataFile = 'techdocs_metadata.json';
  const searchIndexFile = 'search/search_index.json';
  const writer = new SiteFileWriter(outputDir);
  writer.createFolders(
    foldersOf([
      ...pageFiles.map(file => pageUrlFor(file.srcPath).destPath),
      ...assetFiles.map(file => file.srcPath),
      stylesheet.fileName,
      searchIndexFile,
    ]),
  );
  for (const file of assetFiles) {
    writer.copyFile(file.srcPath, file.absolutePath);
  }
  writer.writeFile(stylesheet.fileName, stylesheet.content);

  try {
    const pages = await rendering;
    const nav = buildNavigation(config.nav, pages, log);
    applyNavTitles(nav);
    const reading = pagesInNavOrder(nav);
    const positions = new Map(reading.map((page, i) => [page, i]));
    const repositoryDefaults = options.repositoryDefaults?.(config.docsDir);
    const slices = new TimeSlices();
    for (const page of pages) {
      await slices.next();
      const position = positions.get(page) ?? -1;
      writer.writeFile(
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
    await slices.next();
    writer.writeFile(searchIndexFile, JSON.stringify(buildSearchIndex(pages)));
    if (!pages.some(page => page.url === '')) {
      log.warn(
        'The docs folder has no index.md (or README.md); TechDocs opens index.html first, so add one.',
      );
    }
    const metadata = {
      site_name: config.siteName,
      site_description: config.siteDescription,
      build_timestamp: Date.now(),
      files: [...writer.files, metadataFile].sort(),
      ...(options.etag ? { etag: options.etag } : {}),
    };
    writer.writeFile(metadataFile, JSON.stringify(metadata));
    await writer.finish();
    log.info(
      `Built ${pages.length} pages and copied ${assetFiles.length} other files from ${config.docsDir}/.`,
    );
    return { config, pages, files: [...writer.files].sort() };
  } catch (error) {
    // A failed build returns once its queued writes are done, so none lands after.
    await writer.finish().catch(() => {});
    throw error;
  }
}

/** Every folder the given output files need, parents included. */
function foldersOf(relativeFiles: string[]): Set<string> {
  const folders = new Set<string>();
  for (const relative of relativeFiles) {
    for (
      let dir = path.posix.dirname(relative);
      dir !== '.' && !folders.has(dir);
      dir = path.posix.dirname(dir)
    ) {
      folders.add(dir);
    }
  }
  return folders;
}
