import {
  mermaidSource,
  renderMermaidBlocks,
  type MermaidRenderer,
} from './renderMermaidBlocks';

// The real mermaid package needs a browser layout engine (SVG getBBox), which jsdom lacks; this
// fake follows its render() contract: a unique id and the source in, an SVG string out.
function fakeMermaid(): MermaidRenderer & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    initialize: jest.fn(),
    render: async (id, source) => {
      calls.push(source);
      if (source.includes('syntax error'))
        throw new Error('Parse error on line 1');
      return {
        svg: `<svg id="${id}" data-source="${source.split('\n')[0]}"></svg>`,
      };
    },
  };
}

function pageWith(html: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = html;
  document.body.appendChild(root);
  return root;
}

describe('renderMermaidBlocks', () => {
  it('replaces pre.mermaid blocks (the markup the generator writes) with the drawn SVG', async () => {
    const page = pageWith(
      '<article><pre class="mermaid"><div><button>copy</button></div><code>graph TD\n  A --&gt; B\n</code></pre><p>after</p></article>',
    );
    const mermaid = fakeMermaid();
    const blocks = Array.from(page.querySelectorAll('pre.mermaid'));
    expect(mermaidSource(blocks[0])).toBe('graph TD\n  A --> B\n');

    await renderMermaidBlocks(blocks, async () => mermaid, 'default');

    expect(mermaid.initialize).toHaveBeenCalledWith({
      startOnLoad: false,
      securityLevel: 'strict',
      theme: 'default',
    });
    expect(mermaid.calls).toEqual(['graph TD\n  A --> B\n']);
    expect(page.querySelector('pre.mermaid')).toBeNull();
    expect(
      page.querySelector('div.mermaid[data-processed="true"] > svg'),
    ).toHaveAttribute('data-source', 'graph TD');
    expect(page.querySelector('p')).toHaveTextContent('after');
  });

  it('draws each block once, however often the addon re-renders', async () => {
    const page = pageWith('<div class="mermaid">graph LR\n  X --&gt; Y</div>');
    const mermaid = fakeMermaid();
    const blocks = Array.from(page.querySelectorAll('div.mermaid'));
    await renderMermaidBlocks(blocks, async () => mermaid, 'dark');
    await renderMermaidBlocks(blocks, async () => mermaid, 'dark');
    expect(mermaid.calls).toHaveLength(1);
  });

  it('keeps the source and explains a diagram that does not parse', async () => {
    const page = pageWith(
      '<pre class="mermaid"><code>syntax error here</code></pre>',
    );
    await renderMermaidBlocks(
      Array.from(page.querySelectorAll('pre.mermaid')),
      async () => fakeMermaid(),
      'default',
    );
    expect(page.querySelector('pre.mermaid')).toHaveTextContent(
      'syntax error here',
    );
    expect(page.querySelector('p.mermaid-error')).toHaveTextContent(
      'This Mermaid diagram could not be drawn: Parse error on line 1',
    );
  });

  it('does not load mermaid on pages without diagrams', async () => {
    const load = jest.fn();
    await renderMermaidBlocks([], load, 'default');
    expect(load).not.toHaveBeenCalled();
  });
});
