export { techdocsModulePrebuild as default } from './module';
export { prebuildAllDocs } from './prebuildAllDocs';
export type { PrebuildSummary } from './prebuildAllDocs';
