export { catalogModuleFilePlaceholders as default } from './module';
export { FilePlaceholderProcessor } from './FilePlaceholderProcessor';
