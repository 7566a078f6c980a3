/**
 * What the golden-path form fields and the scaffolder actions agree on.
 *
 * @packageDocumentation
 */
export {
  ENTITY_NAME_MAX_LENGTH,
  ENTITY_NAME_MIN_LENGTH,
  ENTITY_NAME_PATTERN,
  describeEntityNameProblem,
  entityNameSchema,
} from './entityName';
export {
  OWNER_REF_PATTERN,
  SYSTEM_REF_PATTERN,
  entityRefsClaimedBy,
  ownerRefSchema,
  systemRefSchema,
} from './entityRefs';
export {
  LOCAL_REPOSITORIES_DIRECTORY_CONFIG,
  LOCAL_REPOSITORIES_TOPIC,
  type LocalRepositoriesEvent,
} from './events';
