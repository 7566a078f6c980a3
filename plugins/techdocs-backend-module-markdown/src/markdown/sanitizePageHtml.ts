import type sanitizeHtml from 'sanitize-html';
import { naughtyHref } from 'launder';
import { urlScheme } from '../site/resolveDocsLink';

// sanitize-html (with htmlparser2 and postcss) is loaded on the first page that has raw HTML:
// pages without any are rendered in their sanitized form directly (see renderPage).
let sanitizer: typeof sanitizeHtml | undefined;
function loadSanitizer(): typeof sanitizeHtml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sanitizer ??= require('sanitize-html') as typeof sanitizeHtml;
  return sanitizer;
}

const EXTRA_ALLOWED_TAGS = [
  'img',
  'picture',
  'source',
  'details',
  'summary',
  'input',
  'label',
  'del',
  'ins',
  's',
  'mark',
  'kbd',
  'sup',
  'sub',
  'small',
  'figure',
  'figcaption',
  'video',
  'audio',
  'track',
];

export const LINK_SCHEMES = ['http', 'https', 'mailto', 'tel'];
export const IMAGE_SCHEMES = ['http', 'https', 'data'];

const LENGTH = /^\d+(\.\d+)?(px|em|rem|%|vw|vh)?$/;

// `allowedEmptyAttributes` exists in sanitize-html 2.x but not in its published types.
const SANITIZE_OPTIONS: Omit<sanitizeHtml.IOptions, 'allowedTags'> & {
  allowedEmptyAttributes: string[];
} = {
  allowedAttributes: {
    '*': [
      'id',
      'class',
      'title',
      'lang',
      'dir',
      'aria-*',
      'data-*',
      'role',
      'align',
    ],
    a: ['href', 'name', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height', 'loading'],
    source: ['src', 'type', 'media'],
    video: ['src', 'controls', 'width', 'height', 'poster', 'loop', 'muted'],
    audio: ['src', 'controls', 'loop'],
    track: ['src', 'kind', 'srclang', 'label'],
    input: ['type', 'checked', 'disabled', 'name'],
    label: ['for'],
    details: ['open'],
    ol: ['start', 'type', 'reversed'],
    li: ['value'],
    th: ['colspan', 'rowspan', 'style'],
    td: ['colspan', 'rowspan', 'style'],
    p: ['style'],
    div: ['style'],
    span: ['style'],
  },
  allowedStyles: {
    '*': {
      'text-align': [/^(left|right|center|justify)$/],
      width: [LENGTH],
      height: [LENGTH],
      'max-width': [LENGTH],
    },
  },
  allowedSchemes: LINK_SCHEMES,
  allowedSchemesByTag: { img: IMAGE_SCHEMES, source: IMAGE_SCHEMES },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'poster'],
  allowProtocolRelative: true,
  allowedEmptyAttributes: ['alt', 'checked', 'disabled', 'open', 'controls'],
  selfClosing: ['img', 'br', 'hr', 'input', 'source', 'track'],
  disallowedTagsMode: 'discard',
};

export interface SanitizeCallbacks {
  /** Rewrites (or refuses, by returning undefined) the href of a link. */
  rewriteHref(url: string): string | undefined;
  /** Rewrites (or refuses, by returning undefined) the src of an image or media file. */
  rewriteSrc(url: string): string | undefined;
  /** Reports something that was removed, once per kind of thing and page. */
  warn(message: string): void;
}

/**
 * Makes a rendered page safe to publish: only an allowlist of tags and attributes survives
 * (no script, style, iframe, object, form, event handler), URLs keep only safe schemes, and every
 * link and image is resolved inside the docs folder. Every page whose markdown contains raw HTML
 * goes through this pass as a whole, raw HTML and our own markup together, so that tags the raw
 * HTML leaves open or closes are balanced within the article. Pages without raw HTML are rendered
 * in the form this pass would leave them in (see renderPage and its tests).
 */
export function sanitizePageHtml(
  html: string,
  callbacks: SanitizeCallbacks,
): string {
  const reported = new Set<string>();
  const warnOnce = (key: string, message: string) => {
    if (!reported.has(key)) {
      reported.add(key);
      callbacks.warn(message);
    }
  };
  const sanitize = loadSanitizer();
  const allowedTagList = [
    ...sanitize.defaults.allowedTags,
    ...EXTRA_ALLOWED_TAGS,
  ];
  const allowedTags = new Set(allowedTagList);

  const rewrite = (
    tagName: string,
    attribs: sanitizeHtml.Attributes,
    attribute: 'href' | 'src',
    rewriter: (url: string) => string | undefined,
  ): sanitizeHtml.Tag => {
    const value = attribs[attribute];
    if (value === undefined) {
      return { tagName, attribs };
    }
    const next = rewriter(value);
    const result = { ...attribs };
    if (next === undefined) {
      delete result[attribute];
    } else {
      result[attribute] = next;
    }
    return { tagName, attribs: result };
  };

  return sanitize(html, {
    ...SANITIZE_OPTIONS,
    allowedTags: allowedTagList,
    exclusiveFilter: frame =>
      frame.tag === 'input' &&
      !['checkbox', 'radio'].includes((frame.attribs.type ?? '').toLowerCase()),
    onOpenTag: (tagName, attribs) => {
      if (!allowedTags.has(tagName)) {
        warnOnce(
          `tag:${tagName}`,
          `removed a <${tagName}> element; scripts, styles, frames and forms are not allowed in TechDocs pages`,
        );
      }
      for (const [name, value] of Object.entries(attribs)) {
        if (name.toLowerCase().startsWith('on')) {
          warnOnce(
            `attr:${name}`,
            `removed the event handler attribute ${name} from <${tagName}>`,
          );
        }
        if (
          ['href', 'src', 'xlink:href', 'action', 'formaction'].includes(name)
        ) {
          reportUnsafeScheme(tagName, value, warnOnce);
        }
      }
    },
    transformTags: {
      a: (tagName, attribs) =>
        rewrite(tagName, attribs, 'href', callbacks.rewriteHref),
      img: (tagName, attribs) =>
        rewrite(tagName, attribs, 'src', callbacks.rewriteSrc),
      source: (tagName, attribs) =>
        rewrite(tagName, attribs, 'src', callbacks.rewriteSrc),
      video: (tagName, attribs) =>
        rewrite(tagName, attribs, 'src', callbacks.rewriteSrc),
      audio: (tagName, attribs) =>
        rewrite(tagName, attribs, 'src', callbacks.rewriteSrc),
    },
  });
}

/** Warns (once per scheme and page) about a URL whose scheme the sanitizer removes. */
export function reportUnsafeScheme(
  tagName: string,
  url: string,
  warnOnce: (key: string, message: string) => void,
) {
  const scheme = urlScheme(url);
  const allowed =
    tagName === 'img' || tagName === 'source' ? IMAGE_SCHEMES : LINK_SCHEMES;
  if (scheme !== undefined && !allowed.includes(scheme)) {
    warnOnce(
      `scheme:${scheme}`,
      `removed a ${scheme}: URL from <${tagName}>; only ${allowed.join(
        ', ',
      )} URLs are allowed`,
    );
  }
}

/**
 * Whether the sanitizer drops this (already rewritten) URL from a `tagName` element: the same
 * check, from the same library (launder, which sanitize-html uses), with the same allowlist.
 */
export function isUnsafeUrl(tagName: string, url: string): boolean {
  return naughtyHref(url, {
    allowedSchemes:
      tagName === 'img' || tagName === 'source' ? IMAGE_SCHEMES : LINK_SCHEMES,
    allowProtocolRelative: SANITIZE_OPTIONS.allowProtocolRelative,
  });
}
