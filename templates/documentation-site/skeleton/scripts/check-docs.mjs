// Checks the docs before they reach the portal: every page in the mkdocs.yml nav exists,
// every page is in the nav, and every relative link between pages resolves.
// No dependencies: `npm test` runs it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const docsDir = join(root, 'docs');
const mkdocs = readFileSync(join(root, 'mkdocs.yml'), 'utf8');
const navPages = [...mkdocs.matchAll(/:\s*['"]?([\w./-]+\.md)['"]?\s*$/gm)].map(m => m[1]);
const problems = [];

function pagesIn(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? pagesIn(join(dir, entry.name))
      : entry.name.endsWith('.md')
        ? [relative(docsDir, join(dir, entry.name))]
        : [],
  );
}

for (const page of navPages) {
  if (!existsSync(join(docsDir, page))) {
    problems.push(`mkdocs.yml lists ${page}, which does not exist in docs/`);
  }
}
for (const page of pagesIn(docsDir)) {
  if (!navPages.includes(page)) {
    problems.push(`docs/${page} is not in the mkdocs.yml nav`);
  }
  const text = readFileSync(join(docsDir, page), 'utf8');
  for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
    if (/^[a-z]+:/i.test(target) || target.startsWith('/')) {
      continue;
    }
    const resolved = normalize(join(dirname(page), target));
    if (!existsSync(join(docsDir, resolved))) {
      problems.push(`docs/${page} links to ${target}, which does not exist`);
    }
  }
}

if (problems.length > 0) {
  console.error(problems.map(p => `- ${p}`).join('\n'));
  console.error(`${problems.length} problem(s) in the docs.`);
  process.exit(1);
}
console.log(`${navPages.length} pages checked, 0 problems.`);
