/**
 * Scaffolder actions behind the golden-path templates.
 *
 * @packageDocumentation
 */
export { scaffolderModuleGoldenPaths as default } from './module';
export { choosePublishTarget } from './publish/PublishTarget';
export type {
  PublishTarget,
  PublishTargetChoice,
} from './publish/PublishTarget';
