import fs from 'node:fs/promises';
import path from 'node:path';

const SECTIONS = [
  'Getting started',
  'Architecture',
  'Operations',
  'API',
  'Runbooks',
  'Security',
  'Data',
  'Integrations',
  'Testing',
];
const TOPICS_PER_SECTION = 10;

function slug(text: string) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** Raw HTML of the kind docs do contain; a page with any goes through the HTML sanitizer. */
const RAW_HTML = `
<details>
<summary>Notes for <em>operators</em></summary>

Markdown inside raw HTML, with a [link](../index.md) and \`code\`.

</details>

Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to stop the worker; <span style="text-align:center">never</span> in production.
`;

function page(
  section: string,
  n: number,
  next: string | undefined,
  rawHtml: boolean,
): string {
  return `# ${section} topic ${n}
${rawHtml ? RAW_HTML : ''}
This page explains how the payments platform handles ${section.toLowerCase()} concern number ${n}.
It links to the [next topic](${
    next ?? '../index.md'
  }) and back [home](../index.md).

## Overview

The service receives requests from the checkout flow, validates them and stores an audit record.
Each request carries an idempotency key so retries are safe. See the table below for limits.

| Setting | Default | Notes |
|---------|--------:|-------|
| timeout | 30s | per request |
| retries | 3 | exponential backoff |
| batch size | 500 | records per flush |

!!! note "Before you start"
    Make sure you have access to the **staging** cluster and the \`payments-admin\` role.

!!! warning
    Never run the migration twice against production.

## Configuration

=== "YAML"

    \`\`\`yaml
    payments:
      timeout: 30s
      retries: 3
    \`\`\`

=== "Environment"

    \`\`\`bash
    export PAYMENTS_TIMEOUT=30s
    export PAYMENTS_RETRIES=3
    \`\`\`

\`\`\`typescript
export async function settle(amount: number, currency: string): Promise<Receipt> {
  const response = await client.post('/settlements', { amount, currency });
  if (!response.ok) {
    throw new Error(\`Settlement failed: \${response.status}\`);
  }
  return (await response.json()) as Receipt;
}
\`\`\`

### Checklist

- [x] Provision the database
- [x] Configure secrets
- [ ] Enable alerts

??? tip "Troubleshooting"
    Check the logs of the \`payments-worker\` deployment first.

## Details

1. Validate the request body against the schema.
2. Look up the merchant and its limits.
3. Reserve funds and write the ledger entry.

A statement that needs a source[^1].

[^1]: Internal measurement, Q3.
`;
}

/**
 * A believable 100-page TechDocs site: a home page and 9 sections of an index page and 10 topics, nested nav, tables, code, admonitions, tabs, task lists and footnotes. `forMkdocs` adds
 * the theme and the markdown extensions MkDocs needs for the same features. `rawHtml` adds a
 * block of raw HTML (details, kbd, span) to every topic.
 */
export async function generateFixtureSite(
  dir: string,
  forMkdocs: boolean,
  rawHtml = false,
) {
  await fs.rm(dir, { recursive: true, force: true });
  const nav: unknown[] = [{ Home: 'index.md' }];
  await fs.mkdir(path.join(dir, 'docs'), { recursive: true });
  await fs.writeFile(
    path.join(dir, 'docs/index.md'),
    '# Payments platform\n\nWelcome. Pick a section in the navigation.\n',
  );
  let pages = 1;
  for (const section of SECTIONS) {
    const sectionDir = slug(section);
    await fs.mkdir(path.join(dir, 'docs', sectionDir), { recursive: true });
    await fs.writeFile(
      path.join(dir, 'docs', sectionDir, 'index.md'),
      `# ${section}\n\nAll about ${section.toLowerCase()}.\n`,
    );
    const children: unknown[] = [`${sectionDir}/index.md`];
    pages++;
    for (let n = 1; n <= TOPICS_PER_SECTION; n++, pages++) {
      const file = `topic-${n}.md`;
      const next = n < TOPICS_PER_SECTION ? `topic-${n + 1}.md` : undefined;
      await fs.writeFile(
        path.join(dir, 'docs', sectionDir, file),
        page(section, n, next, rawHtml),
      );
      children.push({ [`Topic ${n}`]: `${sectionDir}/${file}` });
    }
    nav.push({ [section]: children });
  }
  const yamlNav = JSON.stringify(nav);
  const mkdocsExtras = forMkdocs
    ? `theme:
  name: material
markdown_extensions:
  - admonition
  - footnotes
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.tasklist:
      custom_checkbox: true
`
    : '';
  await fs.writeFile(
    path.join(dir, 'mkdocs.yml'),
    `site_name: Payments platform\nrepo_url: https://github.com/wayfarer/payments\nedit_uri: edit/main/docs/\n${mkdocsExtras}nav: ${yamlNav}\n`,
  );
  return pages;
}
