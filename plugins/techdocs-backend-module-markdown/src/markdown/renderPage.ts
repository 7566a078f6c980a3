import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import {
  createPageRenderEnv,
  type PageHeading,
  type PageRenderEnv,
} from './PageRenderEnv';
import { sanitizePageHtml } from './sanitizePageHtml';

export interface RenderPageCallbacks {
  /**
   * Rewrites a link target or image source written in the page (undefined removes it), and
   * reports what it refuses through `warn`.
   */
  rewriteUrl(url: string, warn: (message: string) => void): string | undefined;
  /** Receives the page's warnings once it is rendered. */
  warn(message: string): void;
}

export interface RenderedPage {
  /** Safe HTML of the article. */
  html: string;
  headings: PageHeading[];
  /** Whether the markdown had raw HTML, and so went through the sanitizer. */
  sanitized: boolean;
}

/** Titles of admonitions, details and tabs are markdown rendered later; `<` may start raw HTML. */
function titlesMayHoldHtml(token: Token): boolean {
  const meta = token.meta as { title?: unknown; titles?: unknown } | null;
  if (!meta) {
    return false;
  }
  const titles = [
    meta.title,
    ...(Array.isArray(meta.titles) ? meta.titles : []),
  ];
  return titles.some(title => typeof title === 'string' && title.includes('<'));
}

function containsRawHtml(tokens: Token[]): boolean {
  for (const token of tokens) {
    if (
      token.type === 'html_block' ||
      token.type === 'html_inline' ||
      titlesMayHoldHtml(token) ||
      (token.children && containsRawHtml(token.children))
    ) {
      return true;
    }
  }
  return false;
}

interface PageWarnings {
  warn(message: string): void;
  rewriteUrl(url: string): string | undefined;
  warnOnce(key: string, message: string): void;
  flush(): void;
  discard(): void;
}

/** Collects a page's warnings, so that a render that is started over reports nothing twice. */
function pageWarnings(callbacks: RenderPageCallbacks): PageWarnings {
  const warnings: string[] = [];
  const reported = new Set<string>();
  const warn = (message: string) => warnings.push(message);
  return {
    warn,
    rewriteUrl: url => callbacks.rewriteUrl(url, warn),
    warnOnce: (key, message) => {
      if (!reported.has(key)) {
        reported.add(key);
        warn(`${message}.`);
      }
    },
    flush: () => warnings.forEach(message => callbacks.warn(message)),
    discard: () => {
      warnings.length = 0;
      reported.clear();
    },
  };
}

/** Renders parsed tokens as written and passes the whole article through the sanitizer. */
function renderThroughSanitizer(
  md: MarkdownIt,
  tokens: Token[],
  env: PageRenderEnv,
  warnings: PageWarnings,
): string {
  env.links = {
    mode: 'sanitize',
    rewriteUrl: warnings.rewriteUrl,
    warnOnce: warnings.warnOnce,
  };
  return sanitizePageHtml(md.renderer.render(tokens, md.options, env), {
    rewriteHref: warnings.rewriteUrl,
    rewriteSrc: warnings.rewriteUrl,
    warn: message => warnings.warn(`${message}.`),
  });
}

/**
 * Renders one page's markdown into safe article HTML.
 *
 * Markdown-it escapes everything it writes; only raw HTML in the markdown can bring markup of the
 * author's. A page without raw HTML is therefore rendered directly in its sanitized form, links
 * and images resolved and checked by the sanitizer's own rules as they are written. A page with
 * raw HTML goes through the sanitizer as a whole, as every page used to: that keeps the allowlist
 * and also balances whatever tags the raw HTML leaves open or closes within the article.
 */
export function renderPage(
  md: MarkdownIt,
  markdown: string,
  callbacks: RenderPageCallbacks,
): RenderedPage {
  const warnings = pageWarnings(callbacks);
  const env: PageRenderEnv = createPageRenderEnv();
  const tokens = md.parse(markdown, env);

  if (!containsRawHtml(tokens)) {
    env.links = {
      mode: 'resolve',
      rewriteUrl: warnings.rewriteUrl,
      warnOnce: warnings.warnOnce,
    };
    const html = md.renderer.render(tokens, md.options, env);
    if (!env.rawHtml) {
      warnings.flush();
      return { html, headings: env.headings, sanitized: false };
    }
    // Raw HTML the scan above did not see: start over through the sanitizer.
    warnings.discard();
    env.rawHtml = false;
  }
  const html = renderThroughSanitizer(md, tokens, env, warnings);
  warnings.flush();
  return { html, headings: env.headings, sanitized: true };
}

/**
 * Renders a page the way every page was rendered before pages without raw HTML skipped the
 * sanitizer: as markdown-it writes it, then through the sanitizer as a whole. Tests compare the
 * two.
 */
export function renderPageThroughSanitizer(
  md: MarkdownIt,
  markdown: string,
  callbacks: RenderPageCallbacks,
): RenderedPage {
  const warnings = pageWarnings(callbacks);
  const env: PageRenderEnv = createPageRenderEnv();
  const tokens = md.parse(markdown, env);
  const html = renderThroughSanitizer(md, tokens, env, warnings);
  warnings.flush();
  return { html, headings: env.headings, sanitized: true };
}
