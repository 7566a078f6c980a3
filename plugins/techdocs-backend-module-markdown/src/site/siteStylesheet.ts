import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

let cached: { fileName: string; content: string } | undefined;

/**
 * The stylesheet every site ships, named like mkdocs-material's (`main.<8 hex>.min.css`) because
 * that is the only stylesheet link the TechDocs reader's sanitizer lets through. It styles the
 * mkdocs-material markup we emit with the `--md-*` variables the reader sets from the portal
 * theme, so pages follow light and dark mode.
 */
export function siteStylesheet(): { fileName: string; content: string } {
  if (!cached) {
    const content = fs.readFileSync(
      path.resolve(__dirname, '../../assets/techdocs-markdown.css'),
      'utf8',
    );
    const hash = createHash('sha256').update(content).digest('hex').slice(0, 8);
    cached = { fileName: `assets/stylesheets/main.${hash}.min.css`, content };
  }
  return cached;
}
