import type { PageHeading } from '../markdown/PageRenderEnv';
import type { PageSearchText } from './buildSearchIndex';

/** One page of the site, from its markdown source to the article HTML that goes into the layout. */
export interface SitePage {
  /** Path in the docs folder, e.g. `guide/setup.md`. */
  srcPath: string;
  /** URL in the site with directory URLs, e.g. `guide/setup/`; '' for the home page. */
  url: string;
  /** File written in the output folder, e.g. `guide/setup/index.html`. */
  destPath: string;
  title: string;
  /** Sanitized HTML of the article, with links resolved. */
  html: string;
  headings: PageHeading[];
  /** Its search entries, when computed as it was rendered. */
  search?: PageSearchText;
}

/** MkDocs' `use_directory_urls`: `a/b.md` → `a/b/`, `a/index.md` and `a/README.md` → `a/`. */
export function pageUrlFor(srcPath: string): { url: string; destPath: string } {
  const withoutExt = srcPath.replace(/\.md$/i, '');
  const parts = withoutExt.split('/');
  const name = parts[parts.length - 1];
  const dirParts =
    name === 'index' || name === 'README' ? parts.slice(0, -1) : parts;
  const url = dirParts.length ? `${dirParts.join('/')}/` : '';
  return { url, destPath: `${url}index.html` };
}

/** MkDocs' title for a page nobody named: `getting-started.md` → `Getting started`. */
export function titleFromFileName(srcPath: string): string {
  const { url } = pageUrlFor(srcPath);
  if (url === '') {
    return 'Home';
  }
  const base = url.replace(/\/$/, '').split('/').pop() ?? url;
  const title = base.replace(/[-_]/g, ' ');
  return title.toLowerCase() === title
    ? title.charAt(0).toUpperCase() + title.slice(1)
    : title;
}
