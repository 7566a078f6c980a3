import type MarkdownIt from 'markdown-it';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';

const TASK_MARKER = /^\[([ xX])\][ \t]/;

/**
 * Task lists as pymdownx.tasklist (`custom_checkbox: true`) renders them, which is what the
 * TechDocs reader's `.task-list-control .task-list-indicator` rules style:
 * `ul.task-list > li.task-list-item > label.task-list-control > input[type=checkbox][disabled]`.
 */
export function taskListPlugin(md: MarkdownIt) {
  md.core.ruler.after('inline', 'task_lists', (state: StateCore) => {
    const tokens = state.tokens;
    for (let i = 2; i < tokens.length; i++) {
      const inline = tokens[i];
      if (
        inline.type !== 'inline' ||
        tokens[i - 1].type !== 'paragraph_open' ||
        tokens[i - 2].type !== 'list_item_open'
      ) {
        continue;
      }
      const match = TASK_MARKER.exec(inline.content);
      const first = inline.children?.[0];
      if (!match || !first || first.type !== 'text') {
        continue;
      }
      first.content = first.content.replace(TASK_MARKER, '');
      const checked = match[1] !== ' ';
      const control = new state.Token('task_list_control', '', 0);
      control.meta = { checked };
      inline.children!.unshift(control);

      const item = tokens[i - 2];
      item.attrJoin('class', 'task-list-item');
      for (let j = i - 3; j >= 0; j--) {
        if (
          tokens[j].type === 'bullet_list_open' ||
          tokens[j].type === 'ordered_list_open'
        ) {
          if (tokens[j].level === item.level - 1) {
            if (!(tokens[j].attrGet('class') ?? '').includes('task-list')) {
              tokens[j].attrJoin('class', 'task-list');
            }
            break;
          }
        }
      }
    }
  });
  // Written as the page sanitizer writes it (`disabled=""`, ` />`).
  md.renderer.rules.task_list_control = (tokens, idx) =>
    `<label class="task-list-control"><input type="checkbox" disabled=""${
      tokens[idx].meta.checked ? ' checked=""' : ''
    } /><span class="task-list-indicator"></span></label> `;
}
