import { useEffect } from 'react';
import { useTheme } from '@material-ui/core/styles';
import { useShadowRootElements } from '@backstage/plugin-techdocs-react';
import {
  renderMermaidBlocks,
  type MermaidRenderer,
} from './renderMermaidBlocks';

const MERMAID_BLOCKS = ['pre.mermaid', 'div.mermaid:not([data-processed])'];

async function loadMermaid(): Promise<MermaidRenderer> {
  // Loaded on the first page with a diagram only: mermaid is large.
  const module = await import('mermaid');
  return module.default;
}

/**
 * TechDocs addon that draws the Mermaid diagrams of a page. The reader never runs scripts that
 * come with a page, so mkdocs-material's own Mermaid loader cannot; this addon runs in the
 * portal instead and finds the blocks inside the reader's shadow DOM.
 */
export function MermaidAddon() {
  const blocks = useShadowRootElements<HTMLElement>(MERMAID_BLOCKS);
  // Diagrams follow the portal's light or dark theme.
  const theme = useTheme().palette.type === 'dark' ? 'dark' : 'default';
  useEffect(() => {
    renderMermaidBlocks(blocks, loadMermaid, theme);
  }, [blocks, theme]);
  return null;
}
