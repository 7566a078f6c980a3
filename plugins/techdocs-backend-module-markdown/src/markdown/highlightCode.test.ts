import fullHljs from 'highlight.js';
import { highlightCodeToHtml, toPygmentsHtml } from './highlightCode';
import {
  HLJS_ALIASES,
  HLJS_LANGUAGES,
  HLJS_SUBLANGUAGES,
} from './hljsLanguages';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const {
  hljsLanguageTable,
} = require('../../scripts/generateHljsLanguages.cjs');

describe('highlighting with grammars loaded on demand', () => {
  it('knows the languages, aliases and embedded languages of the installed highlight.js', () => {
    // After a highlight.js upgrade: node scripts/generateHljsLanguages.cjs, in this package.
    expect({
      languages: HLJS_LANGUAGES,
      aliases: HLJS_ALIASES,
      subLanguages: HLJS_SUBLANGUAGES,
    }).toEqual(hljsLanguageTable());
    for (const subs of Object.values(HLJS_SUBLANGUAGES)) {
      for (const sub of subs) {
        expect(HLJS_LANGUAGES).toContain(sub);
      }
    }
  });

  it.each([
    [
      'typescript',
      'const s: string = `<b>${html`<i>x</i>`}</b>`; // "q" \'a\'\n',
    ],
    ['ts', 'function f<T>(x: T): T { return x; }\n'],
    [
      'html',
      '<script>const a = "<b>" && 1;</script>\n<style>a { color: red; }</style>\n<p class="x">&amp;</p>\n',
    ],
    ['xml', '<?xml version="1.0"?><a b="c">d</a>\n'],
    ['yaml', 'key: "value" # c\nlist: [a, \'b\']\nrb: !ruby/object:Foo {}\n'],
    ['markdown', '# Title\n\n<div>html</div>\n\n```js\nx\n```\n'],
    ['dockerfile', 'FROM node:22\nRUN echo "hi" && ls\n'],
    ['php', '<?php echo "<b>$x</b>"; ?>\n'],
    ['python', 'def f(x: "str") -> None:\n    print(\'<b>&amp;</b>\')  # c\n'],
    ['shell', '$ echo "hi" > /dev/null\nhi\n'],
    ['console', '$ ls -la\n'],
    ['sql', "SELECT * FROM t WHERE a = 'x' AND b < 3;\n"],
  ])(
    '%s comes out as with every grammar of highlight.js loaded',
    (language, code) => {
      const name =
        ({ console: 'bash', ts: 'typescript' } as Record<string, string>)[
          language
        ] ?? language;
      const expected = toPygmentsHtml(
        fullHljs.highlight(code, { language: name, ignoreIllegals: true })
          .value,
      );
      expect(highlightCodeToHtml(code, language)).toBe(expected);
    },
  );

  it('writes every language as highlight.js with all grammars and its own HTML would', () => {
    // Not real code of any language: a mix of what grammars have rules for.
    const sample = [
      '#!/usr/bin/env sh',
      '<div class="a" data-x=\'1\'>&amp; <b>x</b></div> <script>var a = 1;</script>',
      'function f(x: number, y = "str\\n") { return x > 1 && y < 2 ? `t${x}` : null; } // c',
      "def g(self, *args): '''doc''' # comment",
      "SELECT * FROM t WHERE a = 0x1F AND b LIKE '%q%'; -- sql",
      '{ "k": [1, 2.5e3, true, null], key: value } /* block */ (car (cdr x))',
      '$var = @array[0]; %hash; $$ @@ #{interp} ${1:-x} <?php echo 1; ?>',
      '',
    ].join('\n');
    const mismatches = HLJS_LANGUAGES.filter(
      language =>
        highlightCodeToHtml(sample, language) !==
        toPygmentsHtml(
          fullHljs.highlight(sample, { language, ignoreIllegals: true }).value,
        ),
    );
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('escapes code in languages it does not know', () => {
    expect(highlightCodeToHtml('<a href="x">&</a>', 'no-such-language')).toBe(
      '&lt;a href="x"&gt;&amp;&lt;/a&gt;',
    );
    expect(highlightCodeToHtml('<b>', 'constructor')).toBe('&lt;b&gt;');
  });
});
