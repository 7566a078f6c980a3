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

/** Visible text of an HTML fragment, permalinks removed, whitespace collapsed. */
export function htmlToText(html: string): string {
  return html
    .replace(/<a class="headerlink"[^>]*>[\s\S]*?<\/a>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) {
        return String.fromCodePoint(parseInt(name.slice(2), 16));
      }
      if (name.startsWith('#')) {
        return String.fromCodePoint(parseInt(name.slice(1), 10));
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

const HEADING = /<h([1-6])\b[^>]*?\bid="([^"]*)"[^>]*>([\s\S]*?)<\/h\1>/g;

/**
 * One entry per page (its whole text) and one per heading (`page/#anchor`, the text up to the
 * next heading), as MkDocs' search plugin writes them. Titles are HTML-escaped as MkDocs
 * writes them; the collator unescapes them.
 */
export function buildSearchIndex(pages: SitePage[]): SearchIndex {
  const docs: SearchIndex['docs'] = [];
  for (const page of pages) {
    docs.push({
      location: page.url,
      title: escapeHtml(page.title),
      text: htmlToText(page.html),
    });
    const headings = [...page.html.matchAll(HEADING)];
    headings.forEach((match, i) => {
      const start = match.index! + match[0].length;
      const end =
        i + 1 < headings.length ? headings[i + 1].index! : page.html.length;
      docs.push({
        location: `${page.url}#${match[2]}`,
        title: escapeHtml(htmlToText(match[3])),
        text: htmlToText(page.html.slice(start, end)),
      });
    });
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
