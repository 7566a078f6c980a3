/** A heading of a rendered page: what the table of contents and the search index are built from. */
export interface PageHeading {
  level: number;
  id: string;
  /** Plain text of the heading, without the permalink. */
  title: string;
}

/**
 * State of one page while markdown-it renders it (markdown-it's `env`). Each page gets a fresh
 * one, so ids and tab counters restart per page as they do in MkDocs.
 */
export interface PageRenderEnv {
  headings: PageHeading[];
  usedIds: Set<string>;
  tabbedSets: number;
}

export function createPageRenderEnv(): PageRenderEnv {
  return { headings: [], usedIds: new Set(), tabbedSets: 0 };
}
