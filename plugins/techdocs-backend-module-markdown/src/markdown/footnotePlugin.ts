import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import markdownItFootnote from 'markdown-it-footnote';
import { escapeAttr } from './escapeHtml';

function footnoteName(token: Token): string {
  const { id, label } = token.meta as { id: number; label?: string };
  return label ?? String(id + 1);
}

/**
 * Footnotes (markdown-it-footnote) rendered with Python-Markdown's markup and ids
 * (`sup#fnref:x > a.footnote-ref`, `div.footnote > ol > li#fn:x`, `a.footnote-backref`), which
 * mkdocs-material styles and links written for MkDocs point at.
 */
export function footnotePlugin(md: MarkdownIt) {
  // @types/markdown-it-footnote is typed against the CommonJS flavour of markdown-it's types.
  md.use(markdownItFootnote as unknown as (instance: MarkdownIt) => void);
  const escape = escapeAttr;
  const rules = md.renderer.rules;
  rules.footnote_ref = (tokens, idx) => {
    const token = tokens[idx];
    const name = escape(footnoteName(token));
    const { id, subId } = token.meta as { id: number; subId: number };
    const refId = subId > 0 ? `fnref${subId + 1}:${name}` : `fnref:${name}`;
    return `<sup id="${refId}"><a class="footnote-ref" href="#fn:${name}">${
      id + 1
    }</a></sup>`;
  };
  rules.footnote_block_open = () => '<div class="footnote">\n<hr />\n<ol>\n';
  rules.footnote_block_close = () => '</ol>\n</div>\n';
  rules.footnote_open = (tokens, idx) =>
    `<li id="fn:${escape(footnoteName(tokens[idx]))}">`;
  rules.footnote_close = () => '</li>\n';
  rules.footnote_anchor = (tokens, idx) => {
    const token = tokens[idx];
    const name = escape(footnoteName(token));
    const { id, subId } = token.meta as { id: number; subId: number };
    const refId = subId > 0 ? `fnref${subId + 1}:${name}` : `fnref:${name}`;
    // U+00A0 and ↩ as characters: the form the page sanitizer writes `&#160;` and `&#8617;` in.
    return `\u00a0<a class="footnote-backref" href="#${refId}" title="Jump back to footnote ${
      id + 1
    } in the text">\u21a9</a>`;
  };
}
