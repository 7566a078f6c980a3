export { MermaidAddon } from './MermaidAddon';
