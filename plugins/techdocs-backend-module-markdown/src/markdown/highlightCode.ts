import hljs from 'highlight.js';

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

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
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

/** Highlights code on the server; returns escaped HTML with Pygments-style `span` classes. */
export function highlightCodeToHtml(code: string, language: string): string {
  const name = LANGUAGE_ALIASES[language] ?? language;
  if (!name || name === 'plaintext' || !hljs.getLanguage(name)) {
    return escapeHtml(code);
  }
  const { value } = hljs.highlight(code, {
    language: name,
    ignoreIllegals: true,
  });
  // hljs writes `class="hljs-title function_"` for the scope `title.function`.
  return value.replace(
    /<span class="hljs-([\w-]+)((?: [\w-]+_*)*)">/g,
    (_, main: string, subs: string) => {
      const scope = [main, ...subs.trim().split(/\s+/).filter(Boolean)]
        .map(part => part.replace(/_+$/, ''))
        .join('.');
      return `<span class="${pygmentsClass(scope)}">`;
    },
  );
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
    ? `language-${safeLanguage} highlight`
    : 'highlight';
  const titleHtml = title
    ? `<span class="filename">${escapeHtml(title)}</span>`
    : '';
  return `<div class="${wrapperClass}">${titleHtml}<pre><span></span><code>${highlightCodeToHtml(
    code,
    safeLanguage.toLowerCase(),
  )}</code></pre></div>\n`;
}

/** Mermaid source, left for the browser: pymdownx.superfences' custom fence markup. */
export function renderMermaidBlock(code: string): string {
  return `<pre class="mermaid"><code>${escapeHtml(code)}</code></pre>\n`;
}
