import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CollectingBuildLog } from './BuildLog';
import { buildSite } from './buildSite';
import { siteWorker } from './SiteWorker';

const FEATURE_SITE = path.resolve(__dirname, '../__fixtures__/feature-site');
const TREE_SITE = path.resolve(__dirname, '../__fixtures__/tree-site');

async function build(inputDir: string, etag?: string) {
  const outputDir = await fs.mkdtemp(
    path.join(os.tmpdir(), 'techdocs-md-test-'),
  );
  const log = new CollectingBuildLog();
  const result = await buildSite({ inputDir, outputDir, log, etag });
  const read = (file: string) =>
    fs.readFile(path.join(outputDir, file), 'utf8');
  return { outputDir, log, result, read };
}

// Builds here render on both threads, as in the backend (the SiteWorker test compares them).
beforeAll(() => siteWorker.warmUp());

function article(html: string): string {
  return /<article class="md-content__inner md-typeset">([\s\S]*)<\/article>/.exec(
    html,
  )![1];
}

function sidebar(html: string, kind: 'primary' | 'secondary'): string {
  const start = html.indexOf(`md-sidebar--${kind}`);
  const end = html.indexOf(
    kind === 'primary' ? 'md-sidebar--secondary' : 'md-content"',
    start,
  );
  return html.slice(start, end);
}

describe('buildSite on the feature fixture', () => {
  let site: Awaited<ReturnType<typeof build>>;
  let index: string;

  beforeAll(async () => {
    site = await build(FEATURE_SITE, 'commit-abc123');
    index = await site.read('index.html');
  });

  afterAll(() => fs.rm(site.outputDir, { recursive: true, force: true }));

  it('writes one index.html per page with directory URLs, assets, search index and metadata', () => {
    expect(site.result.files).toEqual(
      expect.arrayContaining([
        'index.html',
        'guide/index.html',
        'guide/setup/index.html',
        'guide/advanced/deep/index.html',
        'orphan/index.html',
        'img/diagram.svg',
        'search/search_index.json',
        'techdocs_metadata.json',
      ]),
    );
    expect(
      site.result.files.some(f =>
        /^assets\/stylesheets\/main\.[0-9a-f]{8}\.min\.css$/.test(f),
      ),
    ).toBe(true);
    expect(site.result.files.some(f => f.endsWith('.md'))).toBe(false);
  });

  it('links the stylesheet the reader keeps (main.<hash>.min.css), relative to each page', async () => {
    expect(index).toMatch(
      /<link rel="stylesheet" href="assets\/stylesheets\/main\.[0-9a-f]{8}\.min\.css">/,
    );
    expect(await site.read('guide/setup/index.html')).toMatch(
      /href="\.\.\/\.\.\/assets\/stylesheets\/main\.[0-9a-f]{8}\.min\.css"/,
    );
    expect(index).not.toContain('<script');
  });

  it('emits the mkdocs-material page skeleton the reader restyles', () => {
    for (const marker of [
      'class="md-header"',
      '<label class="md-header__button md-icon" for="__drawer">',
      'data-md-toggle="drawer"',
      'class="md-container"',
      'class="md-main"',
      'class="md-main__inner md-grid"',
      'class="md-sidebar md-sidebar--primary"',
      'class="md-sidebar md-sidebar--secondary"',
      'class="md-nav md-nav--primary"',
      'class="md-content"',
      '<article class="md-content__inner md-typeset">',
      'class="md-footer"',
    ]) {
      expect(index).toContain(marker);
    }
  });

  it('builds nested navigation with toggles, the active page and an external link', async () => {
    const setup = await site.read('guide/setup/index.html');
    const nav = sidebar(setup, 'primary');
    expect(nav).toContain(
      '<li class="md-nav__item md-nav__item--active md-nav__item--nested"><input class="md-nav__toggle md-toggle" data-md-toggle="__nav_2" type="checkbox" id="__nav_2" checked>',
    );
    expect(nav).toContain(
      '<label class="md-nav__link" for="__nav_2">Guide<span class="md-nav__icon md-icon"></span></label>',
    );
    expect(nav).toContain('id="__nav_2_3"');
    expect(nav).toContain(
      '<a href="../advanced/deep/" class="md-nav__link">Deep dive</a>',
    );
    expect(nav).toContain(
      '<a href="./" class="md-nav__link md-nav__link--active">Setting up</a>',
    );
    expect(nav).toContain('<a href="../../" class="md-nav__link">Home</a>');
    expect(nav).toContain(
      '<a href="https://status.example.com" class="md-nav__link">Status page</a>',
    );
    // A section that does not contain the page is collapsed.
    expect(sidebar(index, 'primary')).toContain('id="__nav_2">');
  });

  it('builds a page that is not in nav, without a navigation entry', async () => {
    const orphan = await site.read('orphan/index.html');
    expect(article(orphan)).toContain('Not listed in nav, still built.');
    expect(sidebar(orphan, 'primary')).not.toContain('Orphan');
    expect(site.log.infos.join('\n')).toContain('orphan.md');
  });

  it('rewrites links between pages like MkDocs and leaves external links alone', async () => {
    const body = article(index);
    expect(body).toContain('<a href="guide/setup/">setting up</a>');
    expect(body).toContain(
      '<a href="guide/advanced/deep/#internals">deep dive</a>',
    );
    expect(body).toContain('<a href="orphan/">orphan page</a>');
    expect(body).toContain('<a href="https://backstage.io">Backstage</a>');
    expect(article(await site.read('guide/index.html'))).toContain(
      '<a href="../">home</a>',
    );
    expect(
      article(await site.read('guide/advanced/deep/index.html')),
    ).toContain('<a href="../../setup/#requirements">up</a>');
  });

  it('points images at the copied files relative to the page', async () => {
    expect(article(index)).toContain(
      '<img src="img/diagram.svg" alt="Architecture" />',
    );
    expect(article(await site.read('guide/setup/index.html'))).toContain(
      '<img src="../../img/diagram.svg" alt="logo" />',
    );
    expect(await site.read('img/diagram.svg')).toContain('<svg');
  });

  it('gives headings Python-Markdown ids and permalinks, unique per page', () => {
    expect(index).toContain(
      '<h2 id="features">Features<a class="headerlink" href="#features" title="Permanent link">¶</a></h2>',
    );
    expect(index).toContain('<h2 id="features_1">');
  });

  it('lists the headings under the title in the secondary table of contents', () => {
    const toc = sidebar(index, 'secondary');
    expect(toc).toContain(
      '<nav class="md-nav md-nav--secondary" aria-label="Table of contents">',
    );
    expect(toc).toContain('Table of contents</label>');
    expect(toc).toContain(
      '<a href="#features" class="md-nav__link">Features</a><nav class="md-nav" aria-label="Features">',
    );
    expect(toc).toContain(
      '<a href="#checklist" class="md-nav__link">Checklist</a>',
    );
    expect(toc).not.toContain('href="#payments-service"');
  });

  it('renders admonitions and collapsible details', () => {
    const body = article(index);
    expect(body).toContain(
      '<div class="admonition note">\n<p class="admonition-title">Take note</p>\n<p>Payments are <strong>idempotent</strong>.</p>\n</div>',
    );
    expect(body).toContain(
      '<div class="admonition warning">\n<p class="admonition-title">Warning</p>',
    );
    expect(body).toContain(
      '<details class="tip">\n<summary>More tips</summary>\n<p>Collapsed by default.</p>\n</details>',
    );
    expect(body).toContain(
      '<details class="info" open="open">\n<summary>Open details</summary>',
    );
  });

  it('renders tabs as radio inputs and labels, which survive the reader sanitizer', () => {
    const body = article(index);
    expect(body).toContain(
      '<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" name="__tabbed_1" type="radio" /><input id="__tabbed_1_2" name="__tabbed_1" type="radio" /><div class="tabbed-labels"><label for="__tabbed_1_1">Python</label><label for="__tabbed_1_2">TypeScript</label></div>',
    );
    expect(body.match(/<div class="tabbed-block">/g)).toHaveLength(2);
  });

  it('renders task lists with disabled checkboxes', () => {
    const body = article(index);
    expect(body).toContain('<ul class="task-list">');
    expect(body).toContain(
      '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled="" checked="" /><span class="task-list-indicator"></span></label> Write the service</li>',
    );
    expect(body).toContain(
      '<input type="checkbox" disabled="" /><span class="task-list-indicator"></span></label> Write the docs',
    );
  });

  it('renders footnotes with Python-Markdown ids', () => {
    const body = article(index);
    expect(body).toContain(
      '<sup id="fnref:src"><a class="footnote-ref" href="#fn:src">1</a></sup>',
    );
    expect(body).toContain('<div class="footnote">');
    expect(body).toContain('<li id="fn:src"><p>Measured in production.');
    expect(body).toContain('<a class="footnote-backref" href="#fnref:src"');
  });

  it('renders tables with alignment', () => {
    expect(article(index)).toContain('<th style="text-align:right">Value</th>');
  });

  it('highlights code on the server with Pygments classes', () => {
    const body = article(index);
    expect(body).toContain(
      '<div class="language-python highlight"><pre><span></span><code><span class="k">def</span> <span class="nf">pay</span>',
    );
    expect(body).toContain('<span class="c"># settle</span>');
    expect(body).toContain(
      '<div class="language-yaml highlight"><span class="filename">config.yaml</span><pre>',
    );
  });

  it('leaves Mermaid source in pre.mermaid for the browser addon', () => {
    expect(article(index)).toContain(
      '<pre class="mermaid"><code>graph TD\n  A[Client] --&gt; B[Payments]\n</code></pre>',
    );
  });

  it('includes snippets from inside the docs folder', () => {
    expect(article(index)).toContain('<p>Included from a snippet.</p>');
  });

  it('builds the edit link from repo_url and edit_uri', async () => {
    expect(index).toContain(
      '<a href="https://github.com/wayfarer/payments/edit/main/docs/index.md" title="Edit this page" class="md-content__button md-icon">',
    );
    expect(await site.read('guide/setup/index.html')).toContain(
      'href="https://github.com/wayfarer/payments/edit/main/docs/guide/setup.md" title="Edit this page"',
    );
  });

  it('links previous and next pages in nav order', async () => {
    const setup = await site.read('guide/setup/index.html');
    expect(setup).toContain(
      '<a href="../" class="md-footer__link md-footer__link--prev" aria-label="Previous: Guide" rel="prev">',
    );
    expect(setup).toContain(
      '<a href="../advanced/deep/" class="md-footer__link md-footer__link--next" aria-label="Next: Deep dive" rel="next">',
    );
  });

  it('writes a MkDocs search index with an entry per page and per section', async () => {
    const index = JSON.parse(await site.read('search/search_index.json'));
    expect(index.config).toMatchObject({ indexing: 'full', lang: ['en'] });
    const byLocation = new Map<string, { title: string; text: string }>(
      index.docs.map((d: { location: string }) => [d.location, d]),
    );
    expect(byLocation.get('')).toMatchObject({ title: 'Home' });
    expect(byLocation.get('')!.text).toContain('Payments are idempotent');
    expect(byLocation.get('#features')).toMatchObject({ title: 'Features' });
    expect(byLocation.get('#checklist')!.text).toBe(
      'Write the service Write the docs',
    );
    expect(byLocation.get('guide/setup/')).toMatchObject({
      title: 'Setting up',
    });
    expect(byLocation.get('guide/setup/#requirements')).toEqual({
      location: 'guide/setup/#requirements',
      title: 'Requirements',
      text: 'Node 22.',
    });
    expect(byLocation.get('orphan/')).toBeDefined();
  });

  it('writes techdocs_metadata.json with site name, description, timestamp, files and etag', async () => {
    const metadata = JSON.parse(await site.read('techdocs_metadata.json'));
    expect(metadata).toEqual({
      site_name: 'Payments Service',
      site_description: 'How the payments service works and how to run it.',
      build_timestamp: expect.any(Number),
      files: expect.arrayContaining([
        'index.html',
        'techdocs_metadata.json',
        'search/search_index.json',
      ]),
      etag: 'commit-abc123',
    });
    expect(Date.now() - metadata.build_timestamp).toBeLessThan(60_000);
  });

  it('uses the nav title, then front matter, then the first heading as page title', async () => {
    const titles = new Map(site.result.pages.map(p => [p.srcPath, p.title]));
    expect(titles.get('guide/setup.md')).toBe('Setting up');
    expect(titles.get('guide/advanced/deep.md')).toBe('Deep dive');
    expect(titles.get('orphan.md')).toBe('Orphan');
    expect(await site.read('guide/setup/index.html')).toContain(
      '<title>Setting up - Payments Service</title>',
    );
  });

  it('builds without warnings', () => {
    expect(site.log.warnings).toEqual([]);
  });
});

describe('buildSite without nav', () => {
  it('follows the folder tree: index first, files before folders, folders as sections', async () => {
    const site = await build(TREE_SITE);
    try {
      const nav = sidebar(await site.read('index.html'), 'primary');
      // The active page shows as a label (for its own table of contents) and as a link.
      const order = [
        ...nav.matchAll(/>([^<>]+)(?:<span class="md-nav__icon|<\/a>)/g),
      ]
        .map(m => m[1])
        .filter((title, i, all) => title !== all[i - 1]);
      expect(order).toEqual([
        'Home',
        'About',
        'Getting started',
        'Start',
        'Install',
        'Reference',
        'API',
      ]);
      expect(nav).toContain(
        '<label class="md-nav__link" for="__nav_3">Getting started',
      );
      const metadata = JSON.parse(await site.read('techdocs_metadata.json'));
      expect(metadata.etag).toBeUndefined();
      expect(metadata.site_name).toBe('Tree Site');
    } finally {
      await fs.rm(site.outputDir, { recursive: true, force: true });
    }
  });
});

describe('buildSite writing the output', () => {
  it('writes every page and asset byte for byte, also when builds run at the same time', async () => {
    const [first, second] = await Promise.all([
      build(FEATURE_SITE),
      build(FEATURE_SITE),
    ]);
    try {
      for (const file of first.result.files) {
        if (file === 'techdocs_metadata.json') continue;
        expect(await second.read(file)).toBe(await first.read(file));
      }
      expect(await first.read('img/diagram.svg')).toBe(
        await fs.readFile(
          path.join(FEATURE_SITE, 'docs/img/diagram.svg'),
          'utf8',
        ),
      );
    } finally {
      await fs.rm(first.outputDir, { recursive: true, force: true });
      await fs.rm(second.outputDir, { recursive: true, force: true });
    }
  });

  it('fails with the file system error when the output folder cannot be written', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'techdocs-md-test-'));
    const notAFolder = path.join(dir, 'site');
    await fs.writeFile(notAFolder, 'a file where the output folder should be');
    try {
      await expect(
        buildSite({
          inputDir: FEATURE_SITE,
          outputDir: notAFolder,
          log: new CollectingBuildLog(),
        }),
      ).rejects.toMatchObject({ code: 'ENOTDIR' });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
