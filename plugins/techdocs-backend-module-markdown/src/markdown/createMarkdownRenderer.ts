import MarkdownIt from 'markdown-it';
import { admonitionPlugin } from './admonitionPlugin';
import { footnotePlugin } from './footnotePlugin';
import { headingPlugin } from './headingPlugin';
import { renderCodeBlock, renderMermaidBlock } from './highlightCode';
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
 * The markdown dialect TechDocs authors write for MkDocs with techdocs-core: CommonMark plus
 * tables, admonitions, details, tabs, task lists, footnotes, highlighted fences, Mermaid fences
 * and heading permalinks. Raw HTML passes through here and is sanitized afterwards, in one place,
 * together with every link (see sanitizePageHtml).
 */
export function createMarkdownRenderer(): MarkdownIt {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  // Every URL is checked by the sanitizer, which also logs what it refuses; markdown-it's own
  // check would drop `javascript:` links silently.
  md.validateLink = () => true;

  md.use(admonitionPlugin);
  md.use(tabbedPlugin);
  md.use(footnotePlugin);
  md.use(taskListPlugin);
  md.use(headingPlugin);

  md.renderer.rules.fence = (tokens, idx) => {
    const token = tokens[idx];
    const { language, title } = parseFenceInfo(
      md.utils.unescapeAll(token.info),
    );
    if (language.toLowerCase() === 'mermaid') {
      return renderMermaidBlock(token.content);
    }
    return renderCodeBlock(token.content, language, title);
  };
  md.renderer.rules.code_block = (tokens, idx) =>
    renderCodeBlock(tokens[idx].content, '');

  return md;
}
