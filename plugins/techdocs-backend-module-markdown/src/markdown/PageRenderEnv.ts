import type MarkdownIt from 'markdown-it';

/** A heading of a rendered page: what the table of contents and the search index are built from. */
export interface PageHeading {
  level: number;
  id: string;
  /** Plain text of the heading, without the permalink. */
  title: string;
}

/**
 * How links and images of a page are written (see renderPage):
 * - `resolve`: resolved inside the docs folder and checked against the URL allowlist while
 *   rendering, for pages without raw HTML, which need no sanitizer pass afterwards;
 * - `sanitize` (or none): written as in the markdown, for the sanitizer to resolve and check.
 */
export interface LinkRendering {
  mode: 'resolve' | 'sanitize';
  /** Rewrites a link target or image source; undefined removes it. */
  rewriteUrl(url: string): string | undefined;
  /** Reports something that was removed (once per kind and page, as the sanitizer does). */
  warnOnce(key: string, message: string): void;
}

/**
 * State of one page while markdown-it renders it (markdown-it's `env`). Each page gets a fresh
 * one, so ids and tab counters restart per page as they do in MkDocs.
 */
export interface PageRenderEnv {
  headings: PageHeading[];
  usedIds: Set<string>;
  tabbedSets: number;
  links?: LinkRendering;
  /** Set when raw HTML from the markdown was rendered. */
  rawHtml?: boolean;
}

export function createPageRenderEnv(): PageRenderEnv {
  return { headings: [], usedIds: new Set(), tabbedSets: 0 };
}

/** The env for markdown rendered inside a page (titles of admonitions and tabs). */
interface InlineRenderEnv {
  links?: LinkRendering;
  rawHtml?: boolean;
}

/**
 * Renders inline markdown that is part of a page (an admonition or tab title) the way the page
 * renders its links, and notes raw HTML in it on the page. The title gets its own env, as it
 * always did, so footnotes and heading ids of the page are not touched.
 */
export function renderInlineOfPage(
  md: MarkdownIt,
  source: string,
  env: PageRenderEnv | InlineRenderEnv | undefined,
): string {
  const inner: InlineRenderEnv = { links: env?.links };
  const html = md.renderInline(source, inner);
  if (inner.rawHtml && env) {
    env.rawHtml = true;
  }
  return html;
}
