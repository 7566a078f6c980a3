import path from 'node:path';

/** Where a link or image of one page may lead, and the URLs of everything the site contains. */
export interface LinkContext {
  /** The page's source path in the docs folder, e.g. `guide/setup.md`. */
  pageSrcPath: string;
  /** The page's URL in the site, e.g. `guide/setup/`. */
  pageUrl: string;
  /** Site URL of every file of the docs folder by source path (`img/a.png` → `img/a.png`). */
  urlsBySrcPath: ReadonlyMap<string, string>;
}

export type LinkResolution =
  | { action: 'keep'; url: string }
  | { action: 'rewrite'; url: string }
  | { action: 'missing'; url: string; target: string }
  | { action: 'refuse'; reason: string };

/** A URL with a scheme (`https:`, `javascript:`) once control characters and spaces are gone. */
export function urlScheme(url: string): string | undefined {
  // Browsers ignore these characters inside a scheme, which is how `java\tscript:` works.
  // eslint-disable-next-line no-control-regex
  const compact = url.replace(/[\x00-\x20\x7f-\x9f]/g, '');
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(compact)?.[1]?.toLowerCase();
}

/** A site path made of plain segments: no leading `/`, no empty, `.` or `..` segment. */
const PLAIN_SITE_PATH = /^(?:[^/]+\/)*[^/]*$/;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

// The segments of plain site paths, or null for others. A page links to every page of the
// navigation, so the same few paths are looked up pages² times.
const segmentCache = new Map<string, string[] | null>();
const SEGMENT_CACHE_LIMIT = 50000;

function plainSegments(url: string): string[] | null {
  let segments = segmentCache.get(url);
  if (segments === undefined) {
    segments =
      PLAIN_SITE_PATH.test(url) && !DOT_SEGMENT.test(url)
        ? url
            .split('/')
            .filter((segment, i, all) => segment !== '' || i < all.length - 1)
        : null;
    if (segmentCache.size >= SEGMENT_CACHE_LIMIT) {
      segmentCache.clear();
    }
    segmentCache.set(url, segments);
  }
  return segments;
}

/**
 * `path.posix.relative('/' + fromUrl, '/' + toUrl)`, computed on segments for the plain site
 * paths every page and file has; anything else goes to path.posix.
 */
function relativePath(fromUrl: string, toUrl: string): string {
  const from = plainSegments(fromUrl);
  const to = plainSegments(toUrl);
  if (!from || !to) {
    return path.posix.relative(`/${fromUrl}`, `/${toUrl}`);
  }
  let common = 0;
  while (
    common < from.length &&
    common < to.length &&
    from[common] === to[common]
  ) {
    common++;
  }
  let relative = '';
  for (let i = common; i < from.length; i++) {
    relative += relative ? '/..' : '..';
  }
  for (let i = common; i < to.length; i++) {
    relative += relative ? `/${to[i]}` : to[i];
  }
  return relative;
}

/** The URL of `toUrl` relative to the page at `fromUrl`, both site URLs with directory style. */
export function relativeSiteUrl(fromUrl: string, toUrl: string): string {
  const relative = relativePath(fromUrl, toUrl);
  if (toUrl === '' || toUrl.endsWith('/')) {
    return relative === '' ? './' : `${relative}/`;
  }
  return relative;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Resolves a link or image source written in a page the way MkDocs does (`setup.md#x` →
 * `../setup/#x`), and refuses any that reaches outside the docs folder: `..` past its top and
 * absolute paths. URLs with a scheme are left to the sanitizer, which allows only safe ones.
 */
export function resolveDocsLink(
  url: string,
  context: LinkContext,
): LinkResolution {
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.startsWith('#')) {
    return { action: 'keep', url };
  }
  if (urlScheme(trimmed) !== undefined || /^[\\/]{2}/.test(trimmed)) {
    return { action: 'keep', url };
  }
  if (/^[\\/]/.test(trimmed) || /^[a-zA-Z]:[\\/]/.test(trimmed)) {
    return {
      action: 'refuse',
      reason: `'${url}' is an absolute path; link to pages and images with paths relative to the page`,
    };
  }
  const [, rawPath, suffix] = /^([^?#]*)(.*)$/s.exec(trimmed)!;
  const decoded = safeDecode(rawPath).replace(/\\/g, '/');
  const target = path.posix.normalize(
    path.posix.join(path.posix.dirname(context.pageSrcPath), decoded),
  );
  if (target === '..' || target.startsWith('../')) {
    return {
      action: 'refuse',
      reason: `'${url}' leads outside the docs folder`,
    };
  }
  const candidates = [
    target,
    `${target.replace(/\/$/, '')}/index.md`,
    `${target.replace(/\/$/, '')}/README.md`,
  ];
  for (const candidate of candidates) {
    const targetUrl = context.urlsBySrcPath.get(candidate.replace(/^\.\//, ''));
    if (targetUrl !== undefined) {
      return {
        action: 'rewrite',
        url: relativeSiteUrl(context.pageUrl, targetUrl) + suffix,
      };
    }
  }
  return { action: 'missing', url, target };
}
