/**
 * TechDocs without Python or Docker: a backend module for the TechDocs plugin that builds docs
 * folders into sites in TypeScript, and the same build as a CLI for CI pipelines.
 *
 * @packageDocumentation
 */
export { techdocsModuleMarkdown as default } from './module';
export { buildSite } from './site/buildSite';
export type { BuildSiteOptions, BuildSiteResult } from './site/buildSite';
export type { BuildLog } from './site/BuildLog';
export { MarkdownTechdocsGenerator } from './generator/MarkdownTechdocsGenerator';
export {
  TECHDOCS_ENGINE_ANNOTATION,
  type TechdocsEngine,
} from './generator/techdocsEngine';
export { runTechdocsMarkdownCli } from './cli/runTechdocsMarkdownCli';
