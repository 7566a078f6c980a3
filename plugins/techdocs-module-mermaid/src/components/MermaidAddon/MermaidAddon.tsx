import { useEffect } from 'react';
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

function portalTheme(element: Element | undefined): 'default' | 'dark' {
  if (!element) return 'default';
  const background = getComputedStyle(element).getPropertyValue(
    '--md-default-bg-color',
  );
  const rgb = /(\d+)\D+(\d+)\D+(\d+)/.exec(background);
  if (rgb) {
    const [r, g, b] = rgb.slice(1).map(Number);
    return r * 0.299 + g * 0.587 + b * 0.114 < 128 ? 'dark' : 'default';
  }
  return background.trim().startsWith('#') &&
    parseInt(background.trim().slice(1, 3), 16) < 128
    ? 'dark'
    : 'default';
}

/**
 * TechDocs addon that draws the Mermaid diagrams of a page. The reader never runs scripts that
 * come with a page, so mkdocs-material's own Mermaid loader cannot; this addon runs in the
 * portal instead and finds the blocks inside the reader's shadow DOM.
 */
export function MermaidAddon() {
  const blocks = useShadowRootElements<HTMLElement>(MERMAID_BLOCKS);
  useEffect(() => {
    renderMermaidBlocks(blocks, loadMermaid, portalTheme(blocks[0]));
  }, [blocks]);
  return null;
}
