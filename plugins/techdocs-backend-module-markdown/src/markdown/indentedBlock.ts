import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';

/**
 * The line after the last line of a block whose body is indented four columns deeper than its
 * opening line (admonitions, details, tabs: the Python-Markdown block syntax). Blank lines inside
 * the body belong to it; trailing blank lines do not.
 */
export function findIndentedBodyEnd(
  state: StateBlock,
  startLine: number,
  endLine: number,
  bodyIndent: number,
): number {
  let lastBodyLine = startLine;
  for (let line = startLine + 1; line < endLine; line++) {
    if (state.isEmpty(line)) {
      continue;
    }
    if (state.sCount[line] < bodyIndent) {
      break;
    }
    lastBodyLine = line;
  }
  return lastBodyLine + 1;
}

/** Parses lines [startLine, endLine) as markdown nested at `bodyIndent`, like a list item body. */
export function tokenizeIndentedBody(
  state: StateBlock,
  startLine: number,
  endLine: number,
  bodyIndent: number,
) {
  const oldIndent = state.blkIndent;
  const oldLineMax = state.lineMax;
  const oldParentType = state.parentType;
  state.blkIndent = bodyIndent;
  state.lineMax = endLine;
  // markdown-it types parentType as a closed union; our container blocks behave like blockquotes.
  state.parentType = 'blockquote';
  state.md.block.tokenize(state, startLine, endLine);
  state.blkIndent = oldIndent;
  state.lineMax = oldLineMax;
  state.parentType = oldParentType;
}

/** The text of a line from its first non-space character. */
export function lineText(state: StateBlock, line: number): string {
  return state.src.slice(
    state.bMarks[line] + state.tShift[line],
    state.eMarks[line],
  );
}
