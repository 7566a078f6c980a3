import type { PageHeading } from '../markdown/PageRenderEnv';
import type { NavItem } from './buildNavigation';
import { relativeSiteUrl } from './resolveDocsLink';
import type { SitePage } from './SitePage';

const ICON = {
  menu: 'M3 6h18v2H3V6m0 5h18v2H3v-2m0 5h18v2H3v-2z',
  edit: 'M20.71 7.04c.39-.39.39-1.04 0-1.41l-2.34-2.34c-.37-.39-1.02-.39-1.41 0l-1.84 1.83 3.75 3.75M3 17.25V21h3.75L17.81 9.93l-3.75-3.75L3 17.25z',
  previous: 'M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11h12z',
  next: 'M4 11v2h12l-5.5 5.5 1.42 1.42L19.84 12l-7.92-7.92L10.5 5.5 16 11H4z',
};

function svg(pathData: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="${pathData}"/></svg>`;
}

const HTML_SPECIAL = /[&<>"']/;

export function escapeHtml(text: string): string {
  if (!HTML_SPECIAL.test(text)) {
    return text;
  }
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface PageLayoutInput {
  siteName: string;
  siteDescription: string;
  page: SitePage;
  nav: NavItem[];
  previous?: SitePage;
  next?: SitePage;
  editUrl?: string;
  stylesheetPath: string;
  copyright?: string;
}

interface TocEntry {
  heading: PageHeading;
  children: TocEntry[];
}

/** Nests headings by level; mkdocs-material shows the children of the page's h1. */
export function tableOfContents(headings: PageHeading[]): TocEntry[] {
  const root: TocEntry[] = [];
  const stack: TocEntry[] = [];
  for (const heading of headings) {
    const entry = { heading, children: [] };
    while (
      stack.length &&
      stack[stack.length - 1].heading.level >= heading.level
    ) {
      stack.pop();
    }
    (stack.length ? stack[stack.length - 1].children : root).push(entry);
    stack.push(entry);
  }
  return root.length && root[0].heading.level === 1 ? root[0].children : root;
}

function renderTocList(entries: TocEntry[], attrs: string): string {
  const items = entries
    .map(({ heading, children }) => {
      const title = escapeHtml(heading.title);
      const nested = children.length
        ? `<nav class="md-nav" aria-label="${title}">${renderTocList(
            children,
            '',
          )}</nav>`
        : '';
      return `<li class="md-nav__item"><a href="#${escapeHtml(
        heading.id,
      )}" class="md-nav__link">${title}</a>${nested}</li>`;
    })
    .join('');
  return `<ul class="md-nav__list"${attrs}>${items}</ul>`;
}

function renderSecondaryToc(toc: TocEntry[]): string {
  return (
    '<nav class="md-nav md-nav--secondary" aria-label="Table of contents">' +
    '<label class="md-nav__title" for="__toc"><span class="md-nav__icon md-icon"></span>Table of contents</label>' +
    (toc.length
      ? renderTocList(toc, ' data-md-component="toc" data-md-scrollfix')
      : '') +
    '</nav>'
  );
}

// Every page renders the whole navigation, so what does not depend on the page is worked out
// once per navigation item: its escaped title, and the pages a section contains.
const escapedTitles = new WeakMap<NavItem, string>();
const sectionPages = new WeakMap<NavItem, Set<SitePage>>();

function escapedTitle(item: NavItem): string {
  let title = escapedTitles.get(item);
  if (title === undefined) {
    title = escapeHtml(item.title);
    escapedTitles.set(item, title);
  }
  return title;
}

function pagesOf(item: NavItem): Set<SitePage> {
  let pages = sectionPages.get(item);
  if (!pages) {
    pages = new Set();
    if (item.kind === 'page') {
      pages.add(item.page);
    } else if (item.kind === 'section') {
      for (const child of item.children) {
        for (const page of pagesOf(child)) pages.add(page);
      }
    }
    sectionPages.set(item, pages);
  }
  return pages;
}

function containsPage(item: NavItem, page: SitePage): boolean {
  return pagesOf(item).has(page);
}

function renderNavItems(
  items: NavItem[],
  current: SitePage,
  toc: TocEntry[],
  idPrefix: string,
  level: number,
): string {
  let html = '';
  items.forEach((item, index) => {
    const title = escapedTitle(item);
    if (item.kind === 'link') {
      html += `<li class="md-nav__item"><a href="${escapeHtml(
        item.url,
      )}" class="md-nav__link">${title}</a></li>`;
      return;
    }
    if (item.kind === 'page') {
      const href = escapeHtml(relativeSiteUrl(current.url, item.page.url));
      if (item.page !== current) {
        html += `<li class="md-nav__item"><a href="${href}" class="md-nav__link">${title}</a></li>`;
        return;
      }
      html +=
        '<li class="md-nav__item md-nav__item--active">' +
        '<input class="md-nav__toggle md-toggle" data-md-toggle="toc" type="checkbox" id="__toc">' +
        `<label class="md-nav__link md-nav__link--active" for="__toc">${title}<span class="md-nav__icon md-icon"></span></label>` +
        `<a href="${href}" class="md-nav__link md-nav__link--active">${title}</a>` +
        `${renderSecondaryToc(toc)}</li>`;
      return;
    }
    const id = `${idPrefix}_${index + 1}`;
    const active = containsPage(item, current);
    html +=
      `<li class="md-nav__item${
        active ? ' md-nav__item--active' : ''
      } md-nav__item--nested">` +
      `<input class="md-nav__toggle md-toggle" data-md-toggle="${id}" type="checkbox" id="${id}"${
        active ? ' checked' : ''
      }>` +
      `<label class="md-nav__link" for="${id}">${title}<span class="md-nav__icon md-icon"></span></label>` +
      `<nav class="md-nav" aria-label="${title}" data-md-level="${
        level + 1
      }">` +
      `<label class="md-nav__title" for="${id}"><span class="md-nav__icon md-icon"></span>${title}</label>` +
      `<ul class="md-nav__list" data-md-scrollfix>${renderNavItems(
        item.children,
        current,
        toc,
        id,
        level + 1,
      )}</ul>` +
      '</nav></li>';
  });
  return html;
}

function renderFooterLink(
  direction: 'prev' | 'next',
  from: SitePage,
  to: SitePage | undefined,
): string {
  if (!to) return '';
  const label = direction === 'prev' ? 'Previous' : 'Next';
  const title = escapeHtml(to.title);
  const button = `<div class="md-footer__button md-icon">${svg(
    direction === 'prev' ? ICON.previous : ICON.next,
  )}</div>`;
  const text = `<div class="md-footer__title"><div class="md-ellipsis"><span class="md-footer__direction">${label}</span>${title}</div></div>`;
  return (
    `<a href="${escapeHtml(
      relativeSiteUrl(from.url, to.url),
    )}" class="md-footer__link md-footer__link--${direction}" aria-label="${label}: ${title}" rel="${direction}">` +
    (direction === 'prev' ? button + text : text + button) +
    '</a>'
  );
}

/**
 * A page of the site in mkdocs-material's markup (header, primary navigation, table of
 * contents, article, footer), which the TechDocs reader restyles and rewires. No script: the
 * reader would remove it anyway.
 */
export function renderPageLayout(input: PageLayoutInput): string {
  const { page, siteName } = input;
  const site = escapeHtml(siteName);
  const pageTitle = escapeHtml(page.title);
  const toc = tableOfContents(page.headings);
  const homeHref = escapeHtml(relativeSiteUrl(page.url, ''));
  const stylesheet = escapeHtml(
    relativeSiteUrl(page.url, input.stylesheetPath),
  );
  const editLink = input.editUrl
    ? `<a href="${escapeHtml(
        input.editUrl,
      )}" title="Edit this page" class="md-content__button md-icon">${svg(
        ICON.edit,
      )}</a>`
    : '';
  const description = input.siteDescription
    ? `<meta name="description" content="${escapeHtml(input.siteDescription)}">`
    : '';
  const copyright = input.copyright
    ? `<div class="md-footer-meta md-typeset"><div class="md-footer-meta__inner md-grid"><div class="md-copyright">${escapeHtml(
        input.copyright,
      )}</div></div></div>`
    : '';

  return `<!doctype html>
<html lang="en" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
${description}<meta name="generator" content="techdocs-markdown">
<title>${page.url === '' ? site : `${pageTitle} - ${site}`}</title>
<link rel="stylesheet" href="${stylesheet}">
</head>
<body dir="ltr">
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
<label class="md-overlay" for="__drawer"></label>
<header class="md-header" data-md-component="header">
<nav class="md-header__inner md-grid" aria-label="Header">
<a href="${homeHref}" title="${site}" class="md-header__button md-logo" aria-label="${site}" data-md-component="logo"></a>
<label class="md-header__button md-icon" for="__drawer">${svg(
    ICON.menu,
  )}</label>
<div class="md-header__title" data-md-component="header-title"><div class="md-header__ellipsis">
<div class="md-header__topic"><span class="md-ellipsis">${site}</span></div>
<div class="md-header__topic" data-md-component="header-topic"><span class="md-ellipsis">${pageTitle}</span></div>
</div></div>
</nav>
</header>
<div class="md-container" data-md-component="container">
<main class="md-main" data-md-component="main">
<div class="md-main__inner md-grid">
<div class="md-sidebar md-sidebar--primary" data-md-component="sidebar" data-md-type="navigation">
<div class="md-sidebar__scrollwrap"><div class="md-sidebar__inner">
<nav class="md-nav md-nav--primary" aria-label="Navigation" data-md-level="0">
<label class="md-nav__title" for="__drawer"><a href="${homeHref}" title="${site}" class="md-nav__button md-logo" aria-label="${site}" data-md-component="logo"></a>${site}</label>
<ul class="md-nav__list" data-md-scrollfix>${renderNavItems(
    input.nav,
    page,
    toc,
    '__nav',
    0,
  )}</ul>
</nav>
</div></div>
</div>
<div class="md-sidebar md-sidebar--secondary" data-md-component="sidebar" data-md-type="toc">
<div class="md-sidebar__scrollwrap"><div class="md-sidebar__inner">
${renderSecondaryToc(toc)}
</div></div>
</div>
<div class="md-content" data-md-component="content">
<article class="md-content__inner md-typeset">
${editLink}
${page.html}
</article>
</div>
</div>
</main>
<footer class="md-footer">
<nav class="md-footer__inner md-grid" aria-label="Footer">${renderFooterLink(
    'prev',
    page,
    input.previous,
  )}${renderFooterLink('next', page, input.next)}</nav>
${copyright}
</footer>
</div>
<div class="md-dialog" data-md-component="dialog"><div class="md-dialog__inner md-typeset"></div></div>
</body>
</html>
`;
}
