import type MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import {
  findIndentedBodyEnd,
  lineText,
  tokenizeIndentedBody,
} from './indentedBlock';
import { type PageRenderEnv, renderInlineOfPage } from './PageRenderEnv';

// pymdownx.tabbed: `=== "Title"`, `===+ "Selected"`, `===! "Starts a new set"`.
const TAB_LINE = /^===(!)?(\+)? +"(.*?)" *$/;

/**
 * Tabbed content as pymdownx.tabbed's alternate style emits it:
 * `div.tabbed-set.tabbed-alternate` with one radio `input` per tab, `div.tabbed-labels` with a
 * `label` per tab, and `div.tabbed-content > div.tabbed-block`. Radios and labels switch tabs with
 * CSS alone, which matters because the TechDocs reader runs no script from the page; its sanitizer
 * (DOMPurify defaults) keeps `input type=radio`, `id`, `name`, `checked` and `label for`.
 */
export function tabbedPlugin(md: MarkdownIt) {
  function tabbed(
    state: StateBlock,
    startLine: number,
    endLine: number,
    silent: boolean,
  ): boolean {
    if (state.sCount[startLine] - state.blkIndent >= 4) {
      return false;
    }
    if (
      state.src.charCodeAt(
        state.bMarks[startLine] + state.tShift[startLine],
      ) !== 0x3d /* = */ ||
      !TAB_LINE.test(lineText(state, startLine))
    ) {
      return false;
    }
    if (silent) {
      return true;
    }
    const indent = state.sCount[startLine];
    const tabs: Array<{ title: string; start: number; end: number }> = [];
    let selected = 0;
    let line = startLine;
    while (line < endLine) {
      const match = TAB_LINE.exec(lineText(state, line));
      if (
        !match ||
        state.sCount[line] !== indent ||
        (match[1] && tabs.length > 0)
      ) {
        break;
      }
      if (match[2]) {
        selected = tabs.length;
      }
      const end = findIndentedBodyEnd(state, line, endLine, indent + 4);
      tabs.push({ title: match[3], start: line + 1, end });
      line = end;
      while (line < endLine && state.isEmpty(line)) {
        line++;
      }
    }

    const env = state.env as PageRenderEnv;
    env.tabbedSets = (env.tabbedSets ?? 0) + 1;
    const setIndex = env.tabbedSets;

    const open = state.push('tabbed_set_open', 'div', 1);
    open.block = true;
    open.map = [startLine, tabs[tabs.length - 1].end];
    open.meta = { setIndex, titles: tabs.map(t => t.title), selected };
    for (const tab of tabs) {
      state.push('tabbed_block_open', 'div', 1).block = true;
      tokenizeIndentedBody(state, tab.start, tab.end, indent + 4);
      state.push('tabbed_block_close', 'div', -1).block = true;
    }
    state.push('tabbed_set_close', 'div', -1).block = true;
    state.line = tabs[tabs.length - 1].end;
    return true;
  }

  md.block.ruler.before('fence', 'tabbed', tabbed, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });

  md.renderer.rules.tabbed_set_open = (tokens, idx, _options, env) => {
    const { setIndex, titles, selected } = tokens[idx].meta as {
      setIndex: number;
      titles: string[];
      selected: number;
    };
    const inputs = titles
      .map(
        (_, i) =>
          `<input${
            i === selected ? ' checked="checked"' : ''
          } id="__tabbed_${setIndex}_${
            i + 1
          }" name="__tabbed_${setIndex}" type="radio" />`,
      )
      .join('');
    const labels = titles
      .map(
        (title, i) =>
          `<label for="__tabbed_${setIndex}_${i + 1}">${renderInlineOfPage(
            md,
            title,
            env,
          )}</label>`,
      )
      .join('');
    return (
      `<div class="tabbed-set tabbed-alternate" data-tabs="${setIndex}:${titles.length}">` +
      `${inputs}<div class="tabbed-labels">${labels}</div>\n<div class="tabbed-content">\n`
    );
  };
  md.renderer.rules.tabbed_set_close = () => '</div>\n</div>\n';
  md.renderer.rules.tabbed_block_open = () => '<div class="tabbed-block">\n';
  md.renderer.rules.tabbed_block_close = () => '</div>\n';
}
