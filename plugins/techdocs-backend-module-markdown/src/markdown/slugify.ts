/**
 * Heading ids exactly as Python-Markdown's `toc` extension makes them, so that anchors, the
 * search index and links written for MkDocs (`page.md#some-heading`) keep working.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\x00-\x7F]/g, '')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');
}

/** Python-Markdown's `unique`: `intro`, `intro_1`, `intro_2`, and `_1` for an empty id. */
export function uniqueId(id: string, used: Set<string>): string {
  let candidate = id;
  while (used.has(candidate) || candidate === '') {
    const match = /^(.*)_([0-9]+)$/.exec(candidate);
    candidate = match
      ? `${match[1]}_${Number(match[2]) + 1}`
      : `${candidate}_1`;
  }
  used.add(candidate);
  return candidate;
}
