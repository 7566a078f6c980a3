import type MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import { escapeAttr } from './escapeHtml';
import {
  findIndentedBodyEnd,
  lineText,
  tokenizeIndentedBody,
} from './indentedBlock';
import { renderInlineOfPage } from './PageRenderEnv';

// The syntax of Python-Markdown's `admonition` and pymdownx's `details`:
//   !!! note "Optional title"      ??? tip "Collapsed"      ???+ warning "Expanded"
const ADMONITION_LINE =
  /^(!!!|\?\?\?\+?) *([\w-]+(?: +[\w-]+)*)?(?: +"(.*?)"| *"(.*?)")? *$/;

function defaultTitle(type: string): string {
  return type.charAt(0).toUpperCase() + type.slice(1);
}

/**
 * Admonitions (`!!! note`) as `div.admonition.note > p.admonition-title`, and collapsible
 * blocks (`??? note`, `???+ note`) as `details.note > summary`, the markup mkdocs-material styles.
 */
export function admonitionPlugin(md: MarkdownIt) {
  function admonition(
    state: StateBlock,
    startLine: number,
    endLine: number,
    silent: boolean,
  ): boolean {
    if (state.sCount[startLine] - state.blkIndent >= 4) {
      return false;
    }
    // Most lines are not admonitions: look at the first character before slicing the line.
    const first = state.src.charCodeAt(
      state.bMarks[startLine] + state.tShift[startLine],
    );
    if (first !== 0x21 /* ! */ && first !== 0x3f /* ? */) {
      return false;
    }
    const match = ADMONITION_LINE.exec(lineText(state, startLine));
    if (!match || (!match[2] && match[4] === undefined)) {
      return false;
    }
    if (silent) {
      return true;
    }
    const [, marker, typeList, quotedTitle, onlyTitle] = match;
    const classes = (typeList ?? 'note').toLowerCase().split(/ +/);
    const explicitTitle = quotedTitle ?? onlyTitle;
    const title = explicitTitle ?? defaultTitle(classes[0]);
    const collapsible = marker.startsWith('???');

    const bodyIndent = state.sCount[startLine] + 4;
    const bodyEnd = findIndentedBodyEnd(state, startLine, endLine, bodyIndent);

    const open = state.push(
      collapsible ? 'details_open' : 'admonition_open',
      collapsible ? 'details' : 'div',
      1,
    );
    open.block = true;
    open.map = [startLine, bodyEnd];
    open.markup = marker;
    open.meta = { classes, title, open: marker === '???+' };

    tokenizeIndentedBody(state, startLine + 1, bodyEnd, bodyIndent);

    const close = state.push(
      collapsible ? 'details_close' : 'admonition_close',
      collapsible ? 'details' : 'div',
      -1,
    );
    close.block = true;
    state.line = bodyEnd;
    return true;
  }

  md.block.ruler.before('fence', 'admonition', admonition, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });

  md.renderer.rules.admonition_open = (tokens, idx, _options, env) => {
    const { classes, title } = tokens[idx].meta;
    const titleHtml = title
      ? `<p class="admonition-title">${renderInlineOfPage(
          md,
          title,
          env,
        )}</p>\n`
      : '';
    return `<div class="admonition ${escapeAttr(
      classes.join(' '),
    )}">\n${titleHtml}`;
  };
  md.renderer.rules.admonition_close = () => '</div>\n';
  md.renderer.rules.details_open = (tokens, idx, _options, env) => {
    const { classes, title, open } = tokens[idx].meta;
    return `<details class="${escapeAttr(classes.join(' '))}"${
      open ? ' open="open"' : ''
    }>\n<summary>${renderInlineOfPage(md, title, env)}</summary>\n`;
  };
  md.renderer.rules.details_close = () => '</details>\n';
}
