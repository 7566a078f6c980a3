/** The parts of the mermaid package this addon uses, so tests can pass a fake. */
export interface MermaidRenderer {
  initialize(config: {
    startOnLoad: boolean;
    securityLevel: 'strict';
    theme: 'default' | 'dark';
  }): void;
  render(id: string, source: string): Promise<{ svg: string }>;
}

const rendered = new WeakSet<Element>();
let counter = 0;

/** Mermaid source of a block as mkdocs-material marks it: `pre.mermaid > code` or `div.mermaid`. */
export function mermaidSource(block: Element): string {
  return (block.querySelector('code') ?? block).textContent ?? '';
}

/**
 * Replaces each Mermaid block with the diagram, drawn by mermaid with `securityLevel: strict`
 * (no scripts or clicks inside diagrams). A block that fails to parse keeps its source and gets
 * the error next to it, so authors see what to fix.
 */
export async function renderMermaidBlocks(
  blocks: Element[],
  loadMermaid: () => Promise<MermaidRenderer>,
  theme: 'default' | 'dark',
): Promise<void> {
  const pending = blocks.filter(
    block => !rendered.has(block) && block.isConnected,
  );
  if (pending.length === 0) {
    return;
  }
  const mermaid = await loadMermaid();
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme });
  for (const block of pending) {
    rendered.add(block);
    const source = mermaidSource(block);
    const diagram = block.ownerDocument.createElement('div');
    diagram.className = 'mermaid';
    diagram.setAttribute('data-processed', 'true');
    try {
      const { svg } = await mermaid.render(
        `techdocs-mermaid-${++counter}`,
        source,
      );
      diagram.innerHTML = svg;
      rendered.add(diagram);
      block.replaceWith(diagram);
    } catch (error) {
      const message = block.ownerDocument.createElement('p');
      message.className = 'mermaid-error';
      message.textContent = `This Mermaid diagram could not be drawn: ${
        (error as Error).message
      }`;
      block.after(message);
    }
  }
}
