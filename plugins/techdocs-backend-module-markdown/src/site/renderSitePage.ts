import { readFileSync, statSync } from 'node:fs';
import type MarkdownIt from 'markdown-it';
import {
  expandSnippets,
  extractFrontMatter,
} from '../markdown/preprocessMarkdown';
import { renderPage } from '../markdown/renderPage';
import { pageSearchText } from './buildSearchIndex';
import type { DocsFile, DocsFolder } from './DocsFolder';
import { resolveDocsLink, type LinkContext } from './resolveDocsLink';
import { pageUrlFor, type SitePage, titleFromFileName } from './SitePage';

const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** A rendered page and the warnings of its rendering, in the order they arose. */
export interface RenderedSitePage {
  page: SitePage;
  warnings: string[];
}

/**
 * Reads one page of the docs folder and renders its article: front matter, includes, markdown,
 * links resolved inside the site. The title is the front matter's, else the first heading's,
 * else the file name's (the nav's title, when there is one, is applied later). Its search entries
 * are computed here too, on the thread that renders it.
 *
 * `docs` must report its warnings into `warnings` (includes are read through it).
 */
export async function renderSitePage(
  md: MarkdownIt,
  docs: DocsFolder,
  file: DocsFile,
  urlsBySrcPath: ReadonlyMap<string, string>,
  warnings: string[],
): Promise<SitePage> {
  const warn = (message: string) => warnings.push(message);
  let source = '';
  if (statSync(file.absolutePath).size > MAX_PAGE_BYTES) {
    warn(`${file.srcPath} is larger than 5 MB and was built as an empty page.`);
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
    rewriteUrl: (value, warnLink) => {
      const result = resolveDocsLink(value, context);
      switch (result.action) {
        case 'refuse':
          warnLink(`${result.reason}; it was removed.`);
          return undefined;
        case 'missing':
          warnLink(`'${value}' does not match a file in the docs folder.`);
          return result.url;
        default:
          return result.url;
      }
    },
    warn: message => warn(`${file.srcPath}: ${message}`),
  });

  const firstH1 = rendered.headings.find(h => h.level === 1)?.title;
  const title =
    (typeof meta.title === 'string' ? meta.title : undefined) ??
    firstH1 ??
    titleFromFileName(file.srcPath);
  return {
    srcPath: file.srcPath,
    url,
    destPath,
    title,
    html: rendered.html,
    headings: rendered.headings,
    search: pageSearchText({ url, html: rendered.html }),
  };
}
