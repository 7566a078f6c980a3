/**
 * Draws Mermaid diagrams in TechDocs pages, in the browser.
 *
 * @packageDocumentation
 */
export {
  techDocsMermaidModule as default,
  techDocsMermaidAddon,
} from './module';
export { MermaidAddon } from './components/MermaidAddon';
