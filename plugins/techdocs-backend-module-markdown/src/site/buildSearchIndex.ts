import { escapeHtml } from './renderPageLayout';
import type { SitePage } from './SitePage';

/** MkDocs' `search/search_index.json`, which the TechDocs search collator reads. */
export interface SearchIndex {
  config: {
    indexing: 'full';
    lang: string[];
    min_search_length: number;
    prebuild_index: boolean;
    separator: string;
  };
  docs: Array<{ location: string; title: string; text: string }>;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  para: '¶',
};

function decodeEntity(entity: string, name: string): string {
  if (name.startsWith('#x') || name.startsWith('#X')) {
    return String.fromCodePoint(parseInt(name.slice(2), 16));
  }
  if (name.startsWith('#')) {
    return String.fromCodePoint(parseInt(name.slice(1), 10));
  }
  return ENTITIES[name.toLowerCase()] ?? entity;
}

/** Visible text of an HTML fragment, permalinks removed, whitespace collapsed. */
export function htmlToText(html: string): string {
  let text = html;
  if (text.includes('<a class="headerlink"')) {
    text = text.replace(/<a class="headerlink"[^>]*>[\s\S]*?<\/a>/g, '');
  }
  text = text.replace(/<[^>]*>/g, ' ');
  if (text.includes('&')) {
    text = text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, decodeEntity);
  }
  return text.replace(/\s+/g, ' ').trim();
}

const PERMALINK = '<a class="headerlink"';

function countOf(text: string, search: string): number {
  let count = 0;
  for (
    let at = text.indexOf(search);
    at >= 0;
    at = text.indexOf(search, at + 1)
  ) {
    count++;
  }
  return count;
}

const HEADING = /<h([1-6])\b[^>]*?\bid="([^"]*)"[^>]*>([\s\S]*?)<\/h\1>/g;

/** A page's search entries apart from its title, which nav may still change. */
export interface PageSearchText {
  /** The page's whole text. */
  text: string;
  /** One entry per heading: `page/#anchor`, the heading as title, the text up to the next one. */
  sections: SearchIndex['docs'];
}

/**
 * The search entries of one page, as MkDocs' search plugin writes them. Computed as each page
 * is rendered (on whichever thread renders it); titles are HTML-escaped as MkDocs writes them,
 * and the collator unescapes them.
 */
export function pageSearchText(page: {
  url: string;
  html: string;
}): PageSearchText {
  const html = page.html;
  const headings = [...html.matchAll(HEADING)];
  const sections: SearchIndex['docs'] = [];
  // The page's text is the texts of its parts (before the first heading, each heading, each
  // section) joined by spaces, since a tag separates every two parts: computed from them rather
  // than from the whole page again, when permalinks lie within their headings (always so in
  // our markup; raw HTML could make one reach further).
  const parts = [htmlToText(html.slice(0, headings[0]?.index ?? html.length))];
  let permalinksInHeadings = 0;
  let permalinksClosed = true;
  headings.forEach((match, i) => {
    const start = match.index! + match[0].length;
    const end = i + 1 < headings.length ? headings[i + 1].index! : html.length;
    const title = htmlToText(match[3]);
    const text = htmlToText(html.slice(start, end));
    sections.push({
      location: `${page.url}#${match[2]}`,
      title: escapeHtml(title),
      text,
    });
    parts.push(title, text);
    const inner = match[3];
    const lastPermalink = inner.lastIndexOf(PERMALINK);
    if (lastPermalink >= 0) {
      permalinksInHeadings += countOf(inner, PERMALINK);
      permalinksClosed &&= inner.indexOf('</a>', lastPermalink) >= 0;
    }
  });
  const text =
    permalinksClosed && permalinksInHeadings === countOf(html, PERMALINK)
      ? parts.filter(part => part !== '').join(' ')
      : htmlToText(html);
  return { text, sections };
}

/** One entry per page (its whole text) and one per heading, in page order. */
export function buildSearchIndex(pages: SitePage[]): SearchIndex {
  const docs: SearchIndex['docs'] = [];
  for (const page of pages) {
    const { text, sections } = page.search ?? pageSearchText(page);
    docs.push(
      { location: page.url, title: escapeHtml(page.title), text },
      ...sections,
    );
  }
  return {
    config: {
      indexing: 'full',
      lang: ['en'],
      min_search_length: 3,
      prebuild_index: false,
      separator: '[\\s\\-]+',
    },
    docs,
  };
}
