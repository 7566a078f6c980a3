import type { Emitter, HLJSApi, LanguageFn } from 'highlight.js';
import { escapeAttr, escapeText } from './escapeHtml';
import {
  HLJS_ALIASES,
  HLJS_LANGUAGES,
  HLJS_SUBLANGUAGES,
} from './hljsLanguages';

// highlight.js scopes mapped to the Pygments short classes that mkdocs-material (and so the
// TechDocs reader, e.g. `.highlight .nx`) styles. The first match wins: `title.function` before
// `title`.
const PYGMENTS_CLASS: Record<string, string> = {
  keyword: 'k',
  'keyword.type': 'kt',
  built_in: 'nb',
  type: 'kt',
  literal: 'kc',
  number: 'm',
  operator: 'o',
  punctuation: 'p',
  property: 'py',
  regexp: 'sr',
  string: 's',
  'char.escape': 'se',
  subst: 'si',
  symbol: 'ss',
  class: 'nc',
  function: 'nf',
  'title.class': 'nc',
  'title.class.inherited': 'nc',
  'title.function': 'nf',
  'title.function.invoke': 'nf',
  title: 'nf',
  params: 'n',
  variable: 'nv',
  'variable.language': 'bp',
  'variable.constant': 'no',
  'template-variable': 'nv',
  comment: 'c',
  doctag: 'cs',
  quote: 'c1',
  meta: 'cp',
  'meta.keyword': 'cp',
  'meta.string': 'cpf',
  'template-tag': 'cp',
  section: 'gh',
  tag: 'p',
  name: 'nt',
  attr: 'na',
  attribute: 'na',
  'selector-tag': 'nt',
  'selector-id': 'nn',
  'selector-class': 'nc',
  'selector-attr': 'na',
  'selector-pseudo': 'nd',
  addition: 'gi',
  deletion: 'gd',
  emphasis: 'ge',
  strong: 'gs',
  link: 'nl',
  bullet: 'm',
  code: 'sb',
  formula: 'm',
};

function pygmentsClass(scope: string): string {
  const parts = scope.split('.');
  for (let n = parts.length; n > 0; n--) {
    const cls = PYGMENTS_CLASS[parts.slice(0, n).join('.')];
    if (cls) {
      return cls;
    }
  }
  return 'n';
}

/** Language names as fences use them, including the aliases Pygments knows and hljs calls otherwise. */
const LANGUAGE_ALIASES: Record<string, string> = {
  console: 'bash',
  'shell-session': 'bash',
  sh: 'bash',
  zsh: 'bash',
  yml: 'yaml',
  jsonc: 'json',
  tsx: 'typescript',
  jsx: 'javascript',
  text: 'plaintext',
};

const KNOWN_LANGUAGES = new Set(HLJS_LANGUAGES);

let hljs: HLJSApi | undefined;
const registered = new Set<string>();

/**
 * Registers a grammar, and the grammars it highlights embedded code with, on first use. Loading
 * only the languages a site uses keeps start-up short (all of highlight.js is ~190 grammars); the
 * output is the same as with the full bundle because embedded languages come along.
 */
function ensureLanguage(api: HLJSApi, name: string) {
  if (registered.has(name) || !KNOWN_LANGUAGES.has(name)) {
    return;
  }
  registered.add(name);
  // Only names from the fixed list above reach this require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(`highlight.js/lib/languages/${name}`);
  api.registerLanguage(name, (module.default ?? module) as LanguageFn);
  for (const sub of HLJS_SUBLANGUAGES[name] ?? []) {
    ensureLanguage(api, sub);
  }
}

/** The highlight.js grammar for a fence language (already lower case), loaded on first use. */
function languageFor(language: string): string | undefined {
  const wanted = LANGUAGE_ALIASES[language] ?? language;
  if (!wanted || wanted === 'plaintext') {
    return undefined;
  }
  const name = KNOWN_LANGUAGES.has(wanted) ? wanted : HLJS_ALIASES[wanted];
  if (!name) {
    return undefined;
  }
  if (!hljs) {
    // A private instance: what other code registers on the shared one cannot change our output.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    hljs = (require('highlight.js/lib/core') as HLJSApi).newInstance();
    hljs.configure({ __emitter: PygmentsEmitter });
  }
  ensureLanguage(hljs, name);
  return name;
}

const classCache = new Map<string, string>();

/** `hljs-title function_` → the Pygments class of the scope `title.function`. */
function classFor(hljsClasses: string): string {
  let cls = classCache.get(hljsClasses);
  if (cls === undefined) {
    const [main, ...subs] = hljsClasses.split(/\s+/).filter(Boolean);
    const scope = [main.slice('hljs-'.length), ...subs]
      .map(part => part.replace(/_+$/, ''))
      .join('.');
    cls = pygmentsClass(scope);
    classCache.set(hljsClasses, cls);
  }
  return cls;
}

const HLJS_MARKUP = /<span class="(hljs-[\w-]+(?: [\w-]+_*)*)">|&quot;|&#x27;/g;
const HLJS_CLASSES = /^hljs-[\w-]+(?: [\w-]+_*)*$/;

/**
 * highlight.js' HTML in one pass: its scope classes become Pygments classes, and the quotes it
 * escapes in text become literal, as the page sanitizer writes text.
 */
export function toPygmentsHtml(hljsHtml: string): string {
  return hljsHtml.replace(HLJS_MARKUP, (match, classes: string | undefined) => {
    if (classes !== undefined) {
      return `<span class="${classFor(classes)}">`;
    }
    return match === '&quot;' ? '"' : "'";
  });
}

const scopeClassCache = new Map<string, string>();

/** The class of a scope's span: what toPygmentsHtml makes of highlight.js' own class for it. */
function scopeClass(scope: string): string {
  let cls = scopeClassCache.get(scope);
  if (cls === undefined) {
    // highlight.js' scopeToCSSClass: `title.function.invoke` → `hljs-title function_ invoke__`.
    const hljsClasses = scope.startsWith('language:')
      ? scope.replace('language:', 'language-')
      : scope
          .split('.')
          .map((part, i) => (i === 0 ? `hljs-${part}` : part + '_'.repeat(i)))
          .join(' ');
    cls = HLJS_CLASSES.test(hljsClasses) ? classFor(hljsClasses) : hljsClasses;
    scopeClassCache.set(scope, cls);
  }
  return cls;
}

/**
 * Writes highlight.js' output directly in our form, without its token tree and a second pass
 * over its HTML: `toPygmentsHtml` of what its own emitter and HTML renderer would write (a test
 * compares the two). Mirrors highlight.js 11's TokenTreeEmitter: nodes without a scope write no
 * span, and closing more nodes than are open is ignored.
 */
class PygmentsEmitter implements Emitter {
  buffer = '';
  private readonly open: boolean[] = [];

  addText(text: string) {
    if (text !== '') {
      this.buffer += escapeText(text);
    }
  }

  startScope(scope: string) {
    this.openNode(scope);
  }

  endScope() {
    this.closeNode();
  }

  openNode(scope: string) {
    const wraps = Boolean(scope);
    this.open.push(wraps);
    if (wraps) {
      this.buffer += `<span class="${scopeClass(scope)}">`;
    }
  }

  closeNode() {
    if (this.open.length > 0 && this.open.pop()) {
      this.buffer += '</span>';
    }
  }

  __addSublanguage(emitter: Emitter, name: string) {
    const html = (emitter as PygmentsEmitter).buffer;
    this.buffer += name
      ? `<span class="${scopeClass(`language:${name}`)}">${html}</span>`
      : html;
  }

  finalize() {
    while (this.open.length > 0) {
      this.closeNode();
    }
  }

  toHTML() {
    return this.buffer;
  }
}

/** Highlights code on the server; returns escaped HTML with Pygments-style `span` classes. */
export function highlightCodeToHtml(code: string, language: string): string {
  const name = languageFor(language);
  if (!name) {
    return escapeText(code);
  }
  const { value } = hljs!.highlight(code, {
    language: name,
    ignoreIllegals: true,
  });
  // When a grammar fails, highlight.js returns the code escaped its own way.
  return value.includes('&quot;') || value.includes('&#x27;')
    ? toPygmentsHtml(value)
    : value;
}

/**
 * A code block as pymdownx.highlight + superfences emit it:
 * `div.language-x.highlight > pre > span + code`, with an optional `span.filename` title.
 */
export function renderCodeBlock(
  code: string,
  language: string,
  title?: string,
): string {
  const safeLanguage = language.replace(/[^\w+#.-]/g, '');
  const wrapperClass = safeLanguage
    ? `language-${escapeAttr(safeLanguage)} highlight`
    : 'highlight';
  const titleHtml = title
    ? `<span class="filename">${escapeText(title)}</span>`
    : '';
  return `<div class="${wrapperClass}">${titleHtml}<pre><span></span><code>${highlightCodeToHtml(
    code,
    safeLanguage.toLowerCase(),
  )}</code></pre></div>\n`;
}

/** Mermaid source, left for the browser: pymdownx.superfences' custom fence markup. */
export function renderMermaidBlock(code: string): string {
  return `<pre class="mermaid"><code>${escapeText(code)}</code></pre>\n`;
}
