import path from 'node:path';
import { UnknownYamlTag } from '../config/mkdocsYamlSchema';
import type { BuildLog } from './BuildLog';
import { urlScheme } from './resolveDocsLink';
import { type SitePage, titleFromFileName } from './SitePage';

export type NavItem =
  | { kind: 'page'; title: string; page: SitePage }
  | { kind: 'link'; title: string; url: string }
  | { kind: 'section'; title: string; children: NavItem[] };

const NAV_LINK_SCHEMES = ['http', 'https', 'mailto'];
const MAX_NAV_ITEMS = 5000;

function sectionTitle(dirName: string): string {
  const title = dirName.replace(/[-_]/g, ' ');
  return title.toLowerCase() === title
    ? title.charAt(0).toUpperCase() + title.slice(1)
    : title;
}

/** MkDocs' order: `index`/`README` first, then by name. */
function fileSortKey(srcPath: string): string {
  const base = path.posix.basename(srcPath).replace(/\.md$/i, '');
  return base === 'index' || base === 'README' ? `0` : `1${base}`;
}

/** Navigation without `nav`: the folder tree, files of a folder before its subfolders. */
function navFromFolderTree(pages: SitePage[]): NavItem[] {
  const build = (dir: string): NavItem[] => {
    const inDir = pages.filter(
      p => path.posix.dirname(p.srcPath) === (dir || '.'),
    );
    inDir.sort((a, b) =>
      fileSortKey(a.srcPath) < fileSortKey(b.srcPath) ? -1 : 1,
    );
    const items: NavItem[] = inDir.map(page => ({
      kind: 'page',
      title: page.title,
      page,
    }));
    const subdirs = new Set<string>();
    for (const page of pages) {
      const rel = dir ? page.srcPath.slice(dir.length + 1) : page.srcPath;
      if ((!dir || page.srcPath.startsWith(`${dir}/`)) && rel.includes('/')) {
        subdirs.add(rel.split('/')[0]);
      }
    }
    for (const sub of [...subdirs].sort()) {
      const children = build(dir ? `${dir}/${sub}` : sub);
      if (children.length) {
        items.push({ kind: 'section', title: sectionTitle(sub), children });
      }
    }
    return items;
  };
  return build('');
}

/**
 * The site navigation from mkdocs.yml's `nav` (pages, titled pages, sections, external links),
 * or from the folder tree when there is none. Entries that point outside the docs folder, at a
 * missing page or at a URL with an unsafe scheme are left out with a warning.
 */
export function buildNavigation(
  nav: unknown[] | undefined,
  pages: SitePage[],
  log: BuildLog,
): NavItem[] {
  if (!nav) {
    return navFromFolderTree(pages);
  }
  const bySrcPath = new Map(pages.map(page => [page.srcPath, page]));
  let budget = MAX_NAV_ITEMS;

  const entryFor = (
    title: string | undefined,
    target: string,
  ): NavItem | undefined => {
    const scheme = urlScheme(target);
    if (scheme !== undefined || target.startsWith('//')) {
      if (scheme !== undefined && !NAV_LINK_SCHEMES.includes(scheme)) {
        log.warn(
          `nav: the link '${
            title ?? target
          }' uses the ${scheme}: scheme and was left out.`,
        );
        return undefined;
      }
      return { kind: 'link', title: title ?? target, url: target };
    }
    if (target.startsWith('/') || target.startsWith('\\')) {
      log.warn(
        `nav: '${target}' is an absolute path; name pages relative to the docs folder. It was left out.`,
      );
      return undefined;
    }
    const normalized = path.posix.normalize(target.replace(/\\/g, '/'));
    if (normalized === '..' || normalized.startsWith('../')) {
      log.warn(
        `nav: '${target}' leads outside the docs folder and was left out.`,
      );
      return undefined;
    }
    const page = bySrcPath.get(normalized);
    if (!page) {
      log.warn(
        `nav: '${target}' is not a page of the docs folder and was left out.`,
      );
      return undefined;
    }
    return { kind: 'page', title: title ?? page.title, page };
  };

  const walk = (entries: unknown[]): NavItem[] => {
    const items: NavItem[] = [];
    for (const entry of entries) {
      if (--budget < 0) {
        log.warn(
          `nav has more than ${MAX_NAV_ITEMS} entries; the rest was left out.`,
        );
        break;
      }
      let item: NavItem | undefined;
      if (typeof entry === 'string') {
        item = entryFor(undefined, entry);
      } else if (
        entry &&
        typeof entry === 'object' &&
        !Array.isArray(entry) &&
        !(entry instanceof UnknownYamlTag) &&
        Object.keys(entry).length === 1
      ) {
        const [title, value] = Object.entries(entry)[0];
        if (typeof value === 'string') {
          item = entryFor(title, value);
        } else if (Array.isArray(value)) {
          item = { kind: 'section', title, children: walk(value) };
        } else {
          log.warn(
            `nav: the entry '${title}' is neither a page, a link nor a section and was left out.`,
          );
        }
      } else {
        log.warn(
          'nav: an entry that is neither a page, a link nor a section was left out.',
        );
      }
      if (item) {
        items.push(item);
      }
    }
    return items;
  };

  const items = walk(nav);
  const listed = new Set<string>();
  const collect = (list: NavItem[]) =>
    list.forEach(item =>
      item.kind === 'page'
        ? listed.add(item.page.srcPath)
        : item.kind === 'section' && collect(item.children),
    );
  collect(items);
  const unlisted = pages.filter(page => !listed.has(page.srcPath));
  if (unlisted.length) {
    log.info(
      `These pages are not in nav and are built without a navigation entry: ${unlisted
        .map(page => page.srcPath)
        .join(', ')}`,
    );
  }
  return items;
}

/** The pages of the navigation in reading order, for the previous/next links. */
export function pagesInNavOrder(items: NavItem[]): SitePage[] {
  const result: SitePage[] = [];
  const seen = new Set<SitePage>();
  const walk = (list: NavItem[]) => {
    for (const item of list) {
      if (item.kind === 'page' && !seen.has(item.page)) {
        seen.add(item.page);
        result.push(item.page);
      } else if (item.kind === 'section') {
        walk(item.children);
      }
    }
  };
  walk(items);
  return result;
}

export { titleFromFileName };
