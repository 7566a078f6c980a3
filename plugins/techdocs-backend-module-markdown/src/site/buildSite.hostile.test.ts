import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CollectingBuildLog } from './BuildLog';
import { buildSite } from './buildSite';

/** Writes a repository to a temp folder: `files` maps paths to contents. */
async function repository(files: Record<string, string>): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'techdocs-md-hostile-'));
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), content);
  }
  return root;
}

const cleanup: string[] = [];
afterAll(() =>
  Promise.all(cleanup.map(dir => fs.rm(dir, { recursive: true, force: true }))),
);

async function buildHostile(
  files: Record<string, string>,
  prepare?: (root: string) => Promise<void>,
) {
  const root = await repository(files);
  const outputDir = await fs.mkdtemp(
    path.join(os.tmpdir(), 'techdocs-md-hostile-out-'),
  );
  cleanup.push(root, outputDir);
  await prepare?.(root);
  const log = new CollectingBuildLog();
  const run = () =>
    buildSite({ inputDir: path.join(root, 'repo'), outputDir, log });
  const read = (file: string) =>
    fs.readFile(path.join(outputDir, file), 'utf8');
  return { root, outputDir, log, run, read };
}

function article(html: string): string {
  return /<article class="md-content__inner md-typeset">([\s\S]*)<\/article>/.exec(
    html,
  )![1];
}

const MKDOCS = 'repo/mkdocs.yml';
const INDEX = 'repo/docs/index.md';
const SECRET = 'TOP-SECRET-CONTENT';

describe('hostile repositories are rendered harmless, with a warning', () => {
  it('removes <script> tags and their content', async () => {
    const site = await buildHostile({
      [MKDOCS]: 'site_name: x\n',
      [INDEX]:
        '# Hi\n\n<script>alert("owned")</script>\n\nText <script src="https://evil.example/x.js"></script> after.\n',
    });
    await site.run();
    const html = await site.read('index.html');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('owned');
    expect(article(html)).toContain('after.');
    expect(site.log.warnings.join('\n')).toMatch(/removed a <script> element/);
  });

  it('removes event handler attributes such as onerror=', async () => {
    const site = await buildHostile({
      [MKDOCS]: 'site_name: x\n',
      [INDEX]:
        '# Hi\n\n<img src="x.png" onerror="alert(1)">\n\n<div onclick="steal()" class="box">box</div>\n\n<svg onload="alert(2)"></svg>\n',
    });
    await site.run();
    const html = await site.read('index.html');
    expect(html).not.toMatch(/\son\w+=/i);
    expect(article(html)).toContain('<div class="box">box</div>');
    expect(site.log.warnings.join('\n')).toMatch(
      /event handler attribute onerror/,
    );
    expect(site.log.warnings.join('\n')).toMatch(
      /event handler attribute onclick/,
    );
  });

  it('removes javascript: URLs from markdown links and raw HTML', async () => {
    const site = await buildHostile({
      [MKDOCS]: 'site_name: x\n',
      [INDEX]: [
        '# Hi',
        '',
        '[click me](javascript:alert(1))',
        '',
        '[obfuscated](JaVaScRiPt:alert(2))',
        '',
        '<a href="java&#x09;script:alert(3)">raw</a> <a href=" javascript:alert(4)">spaced</a>',
        '',
        '![img](javascript:alert(5))',
        '',
        '<iframe src="javascript:alert(6)"></iframe>',
        '',
      ].join('\n'),
    });
    await site.run();
    const html = await site.read('index.html');
    expect(html.toLowerCase()).not.toContain('javascript:');
    expect(html).not.toMatch(/<iframe/i);
    expect(article(html)).toContain('<a>click me</a>');
    expect(article(html)).toContain('<a>raw</a>');
    expect(site.log.warnings.join('\n')).toMatch(
      /removed a javascript: URL from <a>/,
    );
  });

  it('removes javascript:, vbscript: and data: URLs from a page of markdown only, which skips the HTML sanitizer', async () => {
    // Without raw HTML a page is written directly in sanitized form (see renderPage), so its
    // links are checked while rendering: every way markdown can write a link is tried here.
    const site = await buildHostile({
      [MKDOCS]: 'site_name: x\n',
      [INDEX]: [
        '# Hi [heading](javascript:alert(1))',
        '',
        '[inline](JaVaScRiPt:alert(2)) [angle](<javascript:alert(3)>) <javascript:alert(4)>',
        '',
        '[reference][r] [html](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox(5))',
        '',
        '[encoded](java%0ascript:alert(6)) [entity](jav&#x09;ascript:alert(7))',
        '',
        '![image](javascript:alert(8)) [![linked image](x.png)](javascript:alert(9))',
        '',
        '!!! note "[title](javascript:alert(10))"',
        '    [body](javascript:alert(11))',
        '',
        '=== "[tab](javascript:alert(12))"',
        '',
        '    [in a tab](javascript:alert(13))',
        '',
        '| [cell](javascript:alert(14)) |',
        '|---|',
        '| x[^1] |',
        '',
        '[^1]: [note](javascript:alert(15))',
        '',
        '[r]: javascript:alert(16)',
        '',
      ].join('\n'),
    });
    await site.run();
    const html = (await site.read('index.html')).toLowerCase();
    // No URL attribute keeps such a scheme; an autolink's text still reads `javascript:...`.
    // Percent-encoded control characters (`java%0ascript:`) stay encoded, which browsers read as
    // a relative path, not a scheme.
    expect(html).not.toMatch(/(href|src)="\s*(javascript|vbscript|data):/);
    expect(html).toContain('href="java%0ascript:alert(6)"');
    const body = article(await site.read('index.html'));
    expect(body).toContain('<a>inline</a>');
    expect(body).toContain('<a>javascript:alert(4)</a>');
    expect(body).toContain('<a>reference</a>');
    expect(body).toContain('<a>body</a>');
    const warnings = site.log.warnings.join('\n');
    expect(warnings).toMatch(/removed a javascript: URL from <a>/);
    expect(warnings).toMatch(/removed a vbscript: URL from <a>/);
    expect(warnings).toMatch(/removed a data: URL from <a>/);
    // Reported once per scheme and page, as the sanitizer does.
    expect(body).toContain('<img alt="image" />');
  });

  it('refuses ../ escapes in links and images', async () => {
    const site = await buildHostile({
      [MKDOCS]: 'site_name: x\n',
      [INDEX]: `# Hi\n\n[secret](../../secret.md)\n\n![passwd](../../../etc/passwd)\n\n<img src="../outside.png">\n`,
      'secret.md': SECRET,
    });
    await site.run();
    const body = article(await site.read('index.html'));
    expect(body).toContain('<a>secret</a>');
    expect(body).not.toContain('etc/passwd');
    expect(body).not.toContain('outside.png');
    expect(site.log.warnings.join('\n')).toMatch(
      /'\.\.\/\.\.\/secret\.md' leads outside the docs folder/,
    );
    expect(site.log.warnings.join('\n')).toMatch(
      /'\.\.\/\.\.\/\.\.\/etc\/passwd' leads outside the docs folder/,
    );
  });

  it('refuses a docs_dir that leads outside the repository', async () => {
    const site = await buildHostile({
      [MKDOCS]: 'site_name: x\ndocs_dir: ../elsewhere\n',
      'elsewhere/index.md': SECRET,
    });
    await expect(site.run()).rejects.toThrow(
      /docs_dir '\.\.\/elsewhere' points outside the repository folder/,
    );
    expect(await fs.readdir(site.outputDir)).toEqual([]);
  });

  it('refuses an absolute docs_dir', async () => {
    const site = await buildHostile({
      [MKDOCS]: 'site_name: x\ndocs_dir: /etc\n',
    });
    await expect(site.run()).rejects.toThrow(
      /docs_dir '\/etc' is an absolute path/,
    );
  });

  it('refuses absolute paths in links, images and includes', async () => {
    const site = await buildHostile({
      [MKDOCS]: 'site_name: x\n',
      [INDEX]:
        '# Hi\n\n[passwd](/etc/passwd)\n\n![img](/etc/hostname)\n\n--8<-- "/etc/passwd"\n',
    });
    await site.run();
    const body = article(await site.read('index.html'));
    expect(body).not.toContain('/etc/');
    expect(body).not.toMatch(/root:/);
    const warnings = site.log.warnings.join('\n');
    expect(warnings).toMatch(/'\/etc\/passwd' is an absolute path/);
    expect(warnings).toMatch(/'\/etc\/hostname' is an absolute path/);
    expect(warnings).toMatch(/the include '\/etc\/passwd' is an absolute path/);
  });

  it('refuses includes that climb out of the docs folder', async () => {
    const site = await buildHostile({
      [MKDOCS]: 'site_name: x\n',
      [INDEX]: '# Hi\n\n--8<-- "../secret.md"\n',
      'repo/secret.md': SECRET,
    });
    await site.run();
    expect(await site.read('index.html')).not.toContain(SECRET);
    expect(site.log.warnings.join('\n')).toMatch(
      /the include '\.\.\/secret\.md' leads outside the docs folder/,
    );
  });

  it('skips a symlink pointing outside the docs folder, for pages, images and includes', async () => {
    const site = await buildHostile(
      {
        [MKDOCS]: 'site_name: x\n',
        [INDEX]: '# Hi\n\n![leak](leak.png)\n\n--8<-- "linked.md"\n',
        'outside/secret.md': SECRET,
        'outside/secret.png': SECRET,
      },
      async root => {
        await fs.symlink(
          path.join(root, 'outside/secret.md'),
          path.join(root, 'repo/docs/page.md'),
        );
        await fs.symlink(
          path.join(root, 'outside/secret.png'),
          path.join(root, 'repo/docs/leak.png'),
        );
        await fs.symlink(
          path.join(root, 'outside/secret.md'),
          path.join(root, 'repo/docs/linked.md'),
        );
        await fs.symlink(
          path.join(root, 'outside'),
          path.join(root, 'repo/docs/dir'),
        );
      },
    );
    await site.run();
    const files = await fs.readdir(site.outputDir, { recursive: true });
    expect(files).not.toContain('leak.png');
    expect(files).not.toContain('page/index.html');
    expect(files.some(f => f.startsWith('dir'))).toBe(false);
    expect(await site.read('index.html')).not.toContain(SECRET);
    const warnings = site.log.warnings.join('\n');
    expect(warnings).toMatch(
      /page\.md is a symbolic link to a place outside the docs folder/,
    );
    expect(warnings).toMatch(/leak\.png is a symbolic link/);
    expect(warnings).toMatch(/dir is a symbolic link/);
    expect(warnings).toMatch(
      /the include 'linked\.md' leads outside the docs folder/,
    );
  });

  it('refuses a docs folder that is a symlink to outside the repository', async () => {
    const site = await buildHostile(
      { [MKDOCS]: 'site_name: x\n', 'outside/index.md': SECRET },
      async root => {
        await fs.symlink(
          path.join(root, 'outside'),
          path.join(root, 'repo/docs'),
        );
      },
    );
    await expect(site.run()).rejects.toThrow(
      /is a link to a folder outside the repository/,
    );
  });

  it('ignores hooks, plugins, python tags and unknown markdown extensions in mkdocs.yml', async () => {
    const marker = path.join(
      os.tmpdir(),
      `techdocs-md-hook-ran-${process.pid}`,
    );
    const site = await buildHostile({
      [MKDOCS]: [
        'site_name: !!python/object/apply:os.system ["touch ' + marker + '"]',
        'hooks:',
        '  - hooks/pwn.py',
        'plugins:',
        '  - techdocs-core',
        '  - search',
        '  - mkdocs-simple-hooks:',
        '      hooks:',
        '        on_pre_build: "hooks:run"',
        '  - !!python/name:evil.plugin',
        'markdown_extensions:',
        '  - admonition',
        '  - pymdownx.emoji:',
        '      emoji_index: !!python/name:material.extensions.emoji.twemoji',
        '  - markdown_inline_graphviz',
        '  - plantuml_markdown:',
        '      plantuml_cmd: "sh -c \'touch ' + marker + '\'"',
        'extra_javascript:',
        '  - js/evil.js',
        'nav:',
        '  - Home: index.md',
        '  - Evil: "javascript:alert(1)"',
        '  - Outside: ../../etc/passwd',
        '  - !include ../other/mkdocs.yml',
      ].join('\n'),
      [INDEX]: '# Hi\n',
      'repo/hooks/pwn.py': `import os\nos.system("touch ${marker}")\n`,
    });
    await site.run();
    await expect(fs.access(marker)).rejects.toThrow();
    const html = await site.read('index.html');
    expect(html.toLowerCase()).not.toContain('javascript:');
    expect(html).not.toContain('etc/passwd');
    // The tagged site_name is inert data, so the default name is used.
    expect(html).toContain('<title>Documentation Site</title>');
    const warnings = site.log.warnings.join('\n');
    expect(warnings).toMatch(
      /'hooks' are Python code from the repository and are never run here/,
    );
    expect(warnings).toMatch(
      /the MkDocs plugin 'mkdocs-simple-hooks' is not run/,
    );
    expect(warnings).toMatch(
      /a plugin entry that is not a plain name was ignored/,
    );
    expect(warnings).toMatch(
      /the YAML tag tag:yaml.org,2002:python\/object\/apply:os.system at site_name was read as plain data/,
    );
    expect(warnings).toMatch(
      /tag:yaml.org,2002:python\/name:material.extensions.emoji.twemoji/,
    );
    expect(warnings).toMatch(/the YAML tag !include/);
    expect(warnings).toMatch(
      /the markdown extension 'pymdownx.emoji' is not supported/,
    );
    expect(warnings).toMatch(
      /the markdown extension 'plantuml_markdown' is not supported/,
    );
    expect(warnings).toMatch(/'extra_javascript' was ignored/);
    expect(warnings).toMatch(
      /nav: the link 'Evil' uses the javascript: scheme and was left out/,
    );
    expect(warnings).toMatch(
      /nav: '..\/..\/etc\/passwd' leads outside the docs folder/,
    );
    expect(site.log.warnings.join('\n')).not.toMatch(/admonition/);
  });

  it('refuses an mkdocs.yml that is a symlink to a file outside the repository', async () => {
    const site = await buildHostile(
      { [INDEX]: '# Hi\n', 'outside.yml': 'site_name: Leaked secret name\n' },
      async root => {
        await fs.symlink(
          path.join(root, 'outside.yml'),
          path.join(root, MKDOCS),
        );
      },
    );
    await site.run();
    expect(await site.read('index.html')).not.toContain('Leaked secret name');
    expect(site.log.warnings.join('\n')).toMatch(
      /mkdocs.yml is a link to a file outside the documentation folder/,
    );
  });

  it('never lets an unsafe repo_url become the edit link', async () => {
    const site = await buildHostile({
      [MKDOCS]:
        'site_name: x\nrepo_url: "javascript:alert(1)//"\nedit_uri: edit/main/docs/\n',
      [INDEX]: '# Hi\n',
    });
    await site.run();
    const html = await site.read('index.html');
    expect(html).not.toContain('Edit this page');
    expect(html.toLowerCase()).not.toContain('javascript:');
  });

  it('escapes HTML in site name, nav titles and headings', async () => {
    const site = await buildHostile({
      [MKDOCS]:
        'site_name: "<img src=x onerror=alert(1)>"\nnav:\n  - "<b onmouseover=alert(2)>Home</b>": index.md\n',
      [INDEX]: '# <span onclick="x()">Title</span>\n',
    });
    await site.run();
    const html = await site.read('index.html');
    expect(html).not.toMatch(/<img src=x/);
    expect(html).not.toMatch(/<b onmouseover/);
    expect(html).toContain('&lt;b onmouseover=alert(2)&gt;Home&lt;/b&gt;');
    expect(html).not.toMatch(/\son\w+="/);
  });
});
