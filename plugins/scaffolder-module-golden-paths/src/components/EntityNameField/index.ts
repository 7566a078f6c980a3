export { EntityNameField } from './EntityNameField';
export type { EntityNameFieldOptions } from './EntityNameField';
export { entityNameValidation } from './validation';
export { checkEntityName } from './checkEntityName';
