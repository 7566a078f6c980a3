import fs from 'node:fs';
import path from 'node:path';
import { createMarkdownRenderer } from '../markdown/createMarkdownRenderer';
import { renderPage } from '../markdown/renderPage';
import { buildSearchIndex, htmlToText } from './buildSearchIndex';
import type { SitePage } from './SitePage';

const FIXTURES = path.resolve(__dirname, '../__fixtures__');

function page(html: string): SitePage {
  return {
    srcPath: 'p.md',
    url: 'p/',
    destPath: 'p/index.html',
    title: 'P',
    html,
    headings: [],
  };
}

function rendered(file: string): SitePage {
  const md = createMarkdownRenderer();
  const markdown = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  return page(
    renderPage(md, markdown, { rewriteUrl: url => url, warn() {} }).html,
  );
}

describe('buildSearchIndex', () => {
  it.each([
    ['the edge-case fixture', rendered('markdown/edge-cases.md')],
    ['the raw HTML fixture', rendered('markdown/raw-html.md')],
    ['the feature site home page', rendered('feature-site/docs/index.md')],
    ['no heading', page('<p>just <b>text</b> &amp; more</p>\n')],
    [
      'empty parts',
      page(
        '<h1 id="a">A<a class="headerlink" href="#a">¶</a></h1><h2 id="b"> </h2>\n<p> </p><h3 id="c">C</h3>',
      ),
    ],
    [
      'a permalink-like anchor of raw HTML left open across a heading',
      page(
        '<p><a class="headerlink">open <h2 id="y">Y<a class="headerlink" href="#y">¶</a></h2> tail</a></p>',
      ),
    ],
    [
      'a permalink-like anchor without its end in a heading',
      page(
        '<h2 id="y">Y<a class="headerlink" href="#y">¶</h2><p>after</p></a><h2 id="z">Z</h2>',
      ),
    ],
    [
      'entities next to headings',
      page('&amp;<h2 id="e">&lt;E&gt;</h2>&quot;x&quot;'),
    ],
  ])(
    'gives the page entry the text of the whole page: %s',
    (_name, sitePage) => {
      const index = buildSearchIndex([sitePage]);
      expect(index.docs[0].text).toBe(htmlToText(sitePage.html));
    },
  );

  it('gives each heading an entry with its title and the text up to the next heading', () => {
    const index = buildSearchIndex([
      page(
        '<p>intro</p><h2 id="a">A &amp; B<a class="headerlink" href="#a" title="Permanent link">¶</a></h2><p>one <code>x</code></p><h2 id="b">B</h2><p>two</p>',
      ),
    ]);
    expect(index.docs).toEqual([
      { location: 'p/', title: 'P', text: 'intro A & B one x B two' },
      { location: 'p/#a', title: 'A &amp; B', text: 'one x' },
      { location: 'p/#b', title: 'B', text: 'two' },
    ]);
  });
});
