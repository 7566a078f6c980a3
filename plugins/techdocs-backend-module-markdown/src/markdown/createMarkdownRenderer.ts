import MarkdownIt from 'markdown-it';
import type Renderer from 'markdown-it/lib/renderer.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import { admonitionPlugin } from './admonitionPlugin';
import { escapeAttr, escapeText } from './escapeHtml';
import { footnotePlugin } from './footnotePlugin';
import { headingPlugin } from './headingPlugin';
import { renderCodeBlock, renderMermaidBlock } from './highlightCode';
import type { PageRenderEnv } from './PageRenderEnv';
import { isUnsafeUrl, reportUnsafeScheme } from './sanitizePageHtml';
import { tabbedPlugin } from './tabbedPlugin';
import { taskListPlugin } from './taskListPlugin';

/** Reads the fence info string: language and superfences' `title="..."` option. */
function parseFenceInfo(info: string): { language: string; title?: string } {
  const trimmed = info.trim();
  const braced = /^\{\s*\.?([\w+#.-]+)(.*)\}$/.exec(trimmed);
  const [language, rest] = braced
    ? [braced[1], braced[2]]
    : [
        trimmed.split(/\s+/)[0] ?? '',
        trimmed.slice(trimmed.split(/\s+/)[0]?.length ?? 0),
      ];
  const title = /title="([^"]*)"/.exec(rest)?.[1];
  return { language, title };
}

/**
 * A link or image tag with its URL resolved and checked, written exactly as the page sanitizer
 * writes the tag markdown-it renders: the URL is rewritten inside the docs folder (or removed),
 * an empty or unsafe URL is dropped, an unsafe scheme is reported, and attribute values are
 * escaped as the sanitizer escapes them.
 */
function renderCheckedTag(
  token: Token,
  urlAttribute: 'href' | 'src',
  env: PageRenderEnv,
  selfClosing: boolean,
): string {
  const links = env.links!;
  let html = `<${token.tag}`;
  for (const [name, value] of token.attrs ?? []) {
    if (name === urlAttribute) {
      reportUnsafeScheme(token.tag, value, links.warnOnce);
      const url = links.rewriteUrl(value);
      if (url === undefined || url === '' || isUnsafeUrl(token.tag, url)) {
        continue;
      }
      html += ` ${name}="${escapeAttr(url)}"`;
    } else if (value !== '' || name === 'alt') {
      html += ` ${name}="${escapeAttr(value)}"`;
    }
  }
  return html + (selfClosing ? ' />' : '>');
}

function rendersResolved(env: PageRenderEnv | undefined): boolean {
  return env?.links?.mode === 'resolve';
}

/**
 * The markdown dialect TechDocs authors write for MkDocs with techdocs-core: CommonMark plus
 * tables, admonitions, details, tabs, task lists, footnotes, highlighted fences, Mermaid fences
 * and heading permalinks. Markup is written in the form the page sanitizer leaves it in (how
 * text is escaped, `<img ... />`), so that a page without raw HTML needs no sanitizer pass: its
 * links and images are resolved and checked as they are rendered (`env.links`). Raw HTML passes
 * through here and marks the page (`env.rawHtml`); renderPage then sanitizes the whole page.
 */
export function createMarkdownRenderer(): MarkdownIt {
  const md = new MarkdownIt({
    html: true,
    linkify: false,
    typographer: false,
    xhtmlOut: true,
  });
  // Every URL is checked by the sanitizer rules, which also log what they refuse; markdown-it's
  // own check would drop `javascript:` links silently.
  md.validateLink = () => true;

  md.use(admonitionPlugin);
  md.use(tabbedPlugin);
  md.use(footnotePlugin);
  md.use(taskListPlugin);
  md.use(headingPlugin);

  const rules = md.renderer.rules;
  rules.text = (tokens, idx) => escapeText(tokens[idx].content);
  rules.code_inline = (tokens, idx, _options, _env, slf: Renderer) =>
    `<code${slf.renderAttrs(tokens[idx])}>${escapeText(
      tokens[idx].content,
    )}</code>`;
  rules.html_block = (tokens, idx, _options, env) => {
    if (env) env.rawHtml = true;
    return tokens[idx].content;
  };
  rules.html_inline = rules.html_block;

  rules.link_open = (tokens, idx, options, env, slf) =>
    rendersResolved(env)
      ? renderCheckedTag(tokens[idx], 'href', env, false)
      : slf.renderToken(tokens, idx, options);
  rules.image = (tokens, idx, options, env, slf) => {
    const token = tokens[idx];
    token.attrs![token.attrIndex('alt')][1] = slf.renderInlineAsText(
      token.children ?? [],
      options,
      env,
    );
    return rendersResolved(env)
      ? renderCheckedTag(token, 'src', env, true)
      : slf.renderToken(tokens, idx, options);
  };

  rules.fence = (tokens, idx) => {
    const token = tokens[idx];
    const { language, title } = parseFenceInfo(
      md.utils.unescapeAll(token.info),
    );
    if (language.toLowerCase() === 'mermaid') {
      return renderMermaidBlock(token.content);
    }
    return renderCodeBlock(token.content, language, title);
  };
  rules.code_block = (tokens, idx) => renderCodeBlock(tokens[idx].content, '');

  return md;
}
