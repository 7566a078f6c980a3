import fs from 'node:fs';
import path from 'node:path';
import { resolveDocsLink } from '../site/resolveDocsLink';
import { createMarkdownRenderer } from './createMarkdownRenderer';
import {
  renderPage,
  renderPageThroughSanitizer,
  type RenderPageCallbacks,
} from './renderPage';

const FIXTURES = path.resolve(__dirname, '../__fixtures__');
const md = createMarkdownRenderer();

/** Link resolution as buildSite does it, for a page at `guide/page.md` of a small site. */
function callbacks(warnings: string[]): RenderPageCallbacks {
  const urlsBySrcPath = new Map([
    ['index.md', ''],
    ['plain.md', 'plain/'],
    ['guide/index.md', 'guide/'],
    ['guide/page.md', 'guide/page/'],
    ['guide/other.md', 'guide/other/'],
    ['img/x.svg', 'img/x.svg'],
    ['img/a b.png', 'img/a b.png'],
  ]);
  return {
    rewriteUrl: (url, warn) => {
      const result = resolveDocsLink(url, {
        pageSrcPath: 'guide/page.md',
        pageUrl: 'guide/page/',
        urlsBySrcPath,
      });
      if (result.action === 'refuse') {
        warn(`${result.reason}; it was removed.`);
        return undefined;
      }
      if (result.action === 'missing') {
        warn(`'${url}' does not match a file in the docs folder.`);
      }
      return result.url;
    },
    warn: message => warnings.push(message),
  };
}

function bothWays(markdown: string) {
  const direct = { warnings: [] as string[] };
  const sanitized = { warnings: [] as string[] };
  return {
    direct: {
      ...renderPage(md, markdown, callbacks(direct.warnings)),
      ...direct,
    },
    sanitized: {
      ...renderPageThroughSanitizer(
        md,
        markdown,
        callbacks(sanitized.warnings),
      ),
      ...sanitized,
    },
  };
}

const WITHOUT_RAW_HTML: Record<string, string> = {
  'the edge-case fixture': fs.readFileSync(
    path.join(FIXTURES, 'markdown/edge-cases.md'),
    'utf8',
  ),
  'the feature site home page': fs.readFileSync(
    path.join(FIXTURES, 'feature-site/docs/index.md'),
    'utf8',
  ),
  'the feature site setup page': fs.readFileSync(
    path.join(FIXTURES, 'feature-site/docs/guide/setup.md'),
    'utf8',
  ),
  'links with odd targets': [
    '[a](<>) [b]( "only title") [c](#) [d](?q=1) [e](./) [f](../) [g](../../x.md)',
    '[h](https://exämple.com/päth?q=ä#ü) [i](%zz) [j](HTTPS://EXAMPLE.COM) [k](mailto:)',
    '[l](java%0ascript:alert(1)) [m](jav&#x09;ascript:alert(1)) [n](<javascript:alert(1)>)',
    '[o](data:image/png;base64,AA) [p](//example.com) [q](\\\\server\\share) [r](other.md#a&b)',
    '[**bold** `code` ![img](../img/x.svg)](other.md) <https://a.example/?a=1&b=2> <user@example.com>',
    '',
  ].join('\n'),
  'images with odd sources': [
    '![a](data:text/html;base64,AA) ![b](vbscript:x) ![c](http://example.com/a.png "t \\"q\\" &")',
    '![d *em* `c` [l](x)](../img/a%20b.png) ![](<../img/a b.png>) ![e](../img/x.svg#frag?x)',
    '',
  ].join('\n'),
  'headings, footnotes and tables with links': [
    '# [Linked](other.md) heading & "quotes"',
    '',
    'Text[^1] and[^x] again[^1].',
    '',
    '| [a](other.md) | ![b](../img/x.svg) |',
    '|:--|--:|',
    '| `c|d` | e &amp; f |',
    '',
    '[^1]: Note with [link](../plain.md) and `code`.',
    '[^x]: Other.',
    '',
  ].join('\n'),
  'admonition and tab titles with markdown': [
    '!!! note "[link](other.md) **b** & \\"q\\""',
    '    Body [l](javascript:x).',
    '',
    '=== "Tab [l](other.md)"',
    '',
    '    x',
    '',
  ].join('\n'),
};

describe('pages without raw HTML', () => {
  it.each(Object.entries(WITHOUT_RAW_HTML))(
    'render %s exactly as the sanitizer pass would write it, with the same warnings',
    (_name, markdown) => {
      const { direct, sanitized } = bothWays(markdown);
      expect(direct.sanitized).toBe(false);
      expect(direct.html).toBe(sanitized.html);
      expect(direct.headings).toEqual(sanitized.headings);
      expect(direct.warnings).toEqual(sanitized.warnings);
    },
  );

  it('still refuse unsafe and escaping links, with a warning', () => {
    const { direct } = bothWays(
      '[js](javascript:alert(1)) [up](../../secret.md) ![img](data:image/png;base64,AA) [abs](/etc/passwd)',
    );
    expect(direct.html).toBe(
      '<p><a>js</a> <a>up</a> <img src="data:image/png;base64,AA" alt="img" /> <a>abs</a></p>\n',
    );
    expect(direct.warnings).toEqual([
      'removed a javascript: URL from <a>; only http, https, mailto, tel URLs are allowed.',
      "'../../secret.md' leads outside the docs folder; it was removed.",
      "'/etc/passwd' is an absolute path; link to pages and images with paths relative to the page; it was removed.",
    ]);
  });
});

describe('pages with raw HTML', () => {
  it.each([
    [
      'a raw HTML fixture',
      fs.readFileSync(path.join(FIXTURES, 'markdown/raw-html.md'), 'utf8'),
    ],
    [
      'inline raw HTML',
      'Text <b onclick="x()">bold</b> and [link](other.md).\n',
    ],
    ['an HTML block', '<div class="box" onclick="x()">\n\n**md**\n\n</div>\n'],
    ['raw HTML in an image description', '![a <x> b](../img/x.svg)\n'],
    [
      'raw HTML in an admonition title',
      '!!! note "<i onclick=x>it</i>"\n    Body.\n',
    ],
  ])('go through the sanitizer as a whole: %s', (_name, markdown) => {
    const { direct, sanitized } = bothWays(markdown);
    expect(direct.sanitized).toBe(true);
    expect(direct.html).toBe(sanitized.html);
    expect(direct.warnings).toEqual(sanitized.warnings);
    expect(direct.html).not.toMatch(/\son\w+=/);
  });

  it('keep the article balanced when raw HTML leaves tags open or closes ours', () => {
    const { direct } = bothWays(
      '- <div>open in an item\n- next\n\n</div></div></article>\n\n<details><summary>s</summary>\n\n**md**\n',
    );
    const opened = (direct.html.match(/<(div|details|article)\b/g) ?? [])
      .length;
    const closed = (direct.html.match(/<\/(div|details|article)>/g) ?? [])
      .length;
    expect(closed).toBe(opened);
    expect(direct.html).not.toContain('</article>');
  });
});
