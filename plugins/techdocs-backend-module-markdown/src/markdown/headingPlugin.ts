import type MarkdownIt from 'markdown-it';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import { escapeAttr } from './escapeHtml';
import type { PageRenderEnv } from './PageRenderEnv';
import { slugify, uniqueId } from './slugify';

function plainText(inline: Token): string {
  return (inline.children ?? [])
    .filter(child => child.type === 'text' || child.type === 'code_inline')
    .map(child => child.content)
    .join('');
}

/**
 * Gives every heading the id Python-Markdown's `toc` would, adds the permalink
 * (`a.headerlink`, `¶`) that `toc: permalink: true` adds, and records the headings in the page's
 * env for the table of contents and the search index.
 */
export function headingPlugin(md: MarkdownIt) {
  md.core.ruler.push('heading_ids', (state: StateCore) => {
    const env = state.env as PageRenderEnv;
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.type !== 'heading_open') {
        continue;
      }
      const inline = tokens[i + 1];
      const title = plainText(inline).replace(/\s+/g, ' ').trim();
      const id = uniqueId(slugify(title), env.usedIds);
      token.attrSet('id', id);
      env.headings.push({ level: Number(token.tag.slice(1)), id, title });
      const permalink = new state.Token('heading_permalink', '', 0);
      permalink.meta = { id };
      inline.children = [...(inline.children ?? []), permalink];
    }
  });
  // `¶` as a character: the form the page sanitizer writes `&para;` in.
  md.renderer.rules.heading_permalink = (tokens, idx) =>
    `<a class="headerlink" href="#${escapeAttr(
      tokens[idx].meta.id,
    )}" title="Permanent link">\u00b6</a>`;
}
